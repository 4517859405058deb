"""Règles des entrées (openfisca_cpa/entrees.py) : chaque entrée couverte, bornes tirées du droit, horizon."""

from datetime import date

import numpy as np
import pytest
from openfisca_core import periods
from openfisca_core.periods import DateUnit

from openfisca_cpa import entrees
from openfisca_cpa.erreurs import PeriodeHorsHorizon, ValeurHorsBornes


def _valeurs(parametre):
    return [v.value for v in parametre.values_list if v.value is not None]


def test_chaque_variable_d_entree_a_une_regle(systeme):
    """Méta-test : une entrée numérique a une borne écrite (identifiant ou unité), jamais le défaut générique."""
    sans_regle = []
    for nom, variable in entrees.variables_entree(systeme).items():
        regle = entrees.bounds_for(variable)
        if variable.value_type in (float, int) and regle in (entrees.DEFAUT_DECIMAL, entrees.DEFAUT_ENTIER):
            sans_regle.append(nom)
        if variable.value_type is date and regle is entrees.DEFAUT_DATE and nom not in entrees.PAR_VARIABLE:
            # Une date d'entrée sans règle propre reste bornée (1800-2200) : acceptable, mais listée ici.
            continue
    assert sans_regle == [], f"entrées sans règle dans openfisca_cpa/entrees.py : {sans_regle}"


def test_quantite_permanente_toujours_bornee(systeme):
    """Une quantité ETERNITY (heures, euros, points, années) a un maximum fini (1e308 refusé)."""
    sans_maximum = [
        nom
        for nom, variable in entrees.variables_entree(systeme).items()
        if variable.definition_period == DateUnit.ETERNITY
        and variable.value_type in (float, int)
        and entrees.bounds_for(variable).maximum_for(periods.period("ETERNITY")) is None
    ]
    assert sans_maximum == []


def test_bornes_tirees_des_parametres(systeme):
    """Les bornes des soldes initiaux sont les plafonds du droit, pas des chiffres inventés."""
    p = systeme.parameters
    assert entrees.PAR_VARIABLE["cpf_solde_heures_initial"].maximum == max(
        _valeurs(p.cpf.heures.peu_qualifie.plafond) + _valeurs(p.cpf.heures.salarie.plafond)
    )
    assert entrees.PAR_VARIABLE["c2p_solde_points_initial"].maximum == max(_valeurs(p.c2p.points.plafond_carriere))


@pytest.mark.parametrize(
    "brute", ["9999", "2101", "2009", "year:2100:2", "day:2100-12-31:2", "month:2100-12:3", "year:9999:1"]
)
def test_periode_hors_horizon(brute):
    with pytest.raises(PeriodeHorsHorizon) as erreur:
        entrees.lire_periode(brute, ["x", brute])
    assert "2010" in erreur.value.message and "2100" in erreur.value.message
    assert erreur.value.path == f"x/{brute}"


@pytest.mark.parametrize("brute", ["2010", "2100", "2100-12-31", "ETERNITY", "2024-03"])
def test_periode_dans_l_horizon(brute):
    assert entrees.lire_periode(brute, []) is not None


def test_une_seule_verification_des_nombres(systeme):
    variable = systeme.variables["heures_travaillees"]
    with pytest.raises(ValeurHorsBornes) as erreur:
        entrees.check_numbers(variable, periods.period("2024"), np.array([10.0, 9000.0]), lambda i: ["l", i])
    assert erreur.value.path == "l/1"
    assert erreur.value.expected.startswith("un nombre entre 0 et 8 784")
    # Les cases non renseignées ne sont pas vérifiées.
    entrees.check_numbers(
        variable, periods.period("2024"), np.array([10.0, np.nan]), lambda i: [i], present=np.array([True, False])
    )
