"""Synthèse pondérée : quantiles, totaux, part au plafond, gagnants et perdants."""

import numpy as np
import pyarrow.csv as pacsv
import pytest

from openfisca_cpa.population.execution import executer
from openfisca_cpa.population.lecture import OptionsLecture, SourcePopulation
from openfisca_cpa.population.reformes import valider_reforme
from openfisca_cpa.population.synthese import quantiles_ponderes


def test_quantiles_ponderes_comme_numpy():
    rng = np.random.default_rng(1)
    probabilites = [0.1, 0.5, 0.9]
    for n in (1, 2, 11, 500):
        valeurs = rng.normal(size=n)
        poids = rng.random(n) + 0.01
        attendu = np.quantile(valeurs, probabilites, weights=poids, method="inverted_cdf")
        assert quantiles_ponderes(valeurs, poids, probabilites) == pytest.approx(attendu.tolist())
        attendu = np.quantile(valeurs, probabilites, method="inverted_cdf")
        assert quantiles_ponderes(valeurs, np.full(n, 2.0), probabilites) == pytest.approx(attendu.tolist())
    assert quantiles_ponderes([np.nan], [1.0], probabilites) == [None] * 3


def test_synthese_ponderee_trois_salaries(tmp_path, systeme_population):
    """Temps plein (poids 2), mi-temps (poids 1), sans activité (poids 1), de 2019 à 2021."""
    lignes = ["id,annee,poids,heures_travaillees,date_naissance"]
    for annee in (2019, 2020, 2021):
        lignes += [
            f"1,{annee},2,1607,1990-05-01",
            f"2,{annee},1,803.5,1960-05-01",
            f"3,{annee},1,0,1990-05-01",
        ]
    chemin = tmp_path / "trois.csv"
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    reforme = valider_reforme(
        {
            "nom": "r",
            "modifications": [{"parametre": "cpf.euros.salarie.credit_annuel", "depuis": "2021-01-01", "valeur": 600}],
        },
        systeme_population,
    )
    source = SourcePopulation(chemin, systeme_population, OptionsLecture(taille_lot=2))
    synthese = executer(
        source,
        tmp_path / "sortie.csv",
        sorties=["cpf_alimentation", "cpf_solde"],
        reforme=reforme,
        progression=False,
    )
    alimentation = synthese["par_annee"]["cpf_alimentation"]
    assert alimentation["base"]["2019"]["total"] == pytest.approx(2 * 500 + 500)
    assert alimentation["base"]["2019"]["moyenne"] == pytest.approx(1500 / 4)
    assert alimentation["base"]["2019"]["part_positifs"] == pytest.approx(0.75)
    assert alimentation["reforme"]["2021"]["total"] == pytest.approx(2 * 600 + 600)
    comparaison = synthese["comparaison"]["cpf_solde"]
    assert comparaison["part_gagnants"] == pytest.approx(0.75)
    assert comparaison["part_perdants"] == 0
    assert comparaison["ecart_moyen"] == pytest.approx((2 * 100 + 100) / 4)
    assert synthese["comparaison"]["cpf_alimentation"]["cout_euros"] == pytest.approx(300)
    soldes = synthese["soldes"]["cpf_solde"]["base"]
    assert soldes["annee"] == 2021
    # Soldes 2021 : 1 500 € (×2), 1 500 €, 0 € -> médiane pondérée 1 500 €.
    assert soldes["quantiles_par_annee"]["2021"]["p50"] == pytest.approx(1500)
    assert soldes["part_au_plafond"]["2021"] == 0
    ages = soldes["par_groupe"]["tranche_age"]["modalites"]
    assert ages["25-34 ans"]["effectif"] == 3 and ages["25-34 ans"]["moyenne"] == pytest.approx(1000)
    assert ages["55 ans et plus"]["moyenne"] == pytest.approx(1500)
    statuts = soldes["par_groupe"]["statut"]["modalites"]
    assert set(statuts) == {"Salarié à temps complet", "Salarié à temps partiel", "Sans activité dans l'année"}
    # Résultats côte à côte, long : 3 individus × 3 années.
    table = pacsv.read_csv(tmp_path / "sortie.csv")
    assert table.num_rows == 9
    assert "cpf_solde_base" in table.column_names and "cpf_solde_reforme" in table.column_names
