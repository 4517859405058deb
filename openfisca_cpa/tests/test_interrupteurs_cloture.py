"""Interrupteurs de la fin de l'alimentation et du compteur public : chaque valeur donne le chiffre des textes.

Les paramètres sont modifiés par une réforme d'openfisca-core (modify_parameters), comme le ferait un
économiste ; les chiffres viennent des règles : 500 € par année à temps complet (L6323-11, D6323-1 dans sa
version de 2019), 24 h par année à temps complet en 2015-2018 (L6323-11 version 2015), 15 € par heure
convertie (décret n° 2017-928 modifié, art. 3).
"""

import pytest
from openfisca_core.reforms import Reform
from openfisca_core.simulations import SimulationBuilder


def reforme(chemin, valeur, debut):
    """Réforme qui fixe le paramètre `chemin` à `valeur` à partir de `debut`."""

    class Interrupteur(Reform):
        name = f"{chemin} = {valeur}"

        def apply(self):
            def modifier(parametres):
                noeud = parametres
                for nom in chemin.split("."):
                    noeud = getattr(noeud, nom)
                noeud.update(start=debut, value=valeur)
                return parametres

            self.modify_parameters(modifier_function=modifier)

    return Interrupteur


def simuler(systeme, individu):
    return SimulationBuilder().build_from_entities(systeme, {"individus": {"titulaire": individu}})


#: Retraite à taux plein liquidée le 1er juillet 2020, temps complet de 2019 à 2021.
RETRAITE_2020 = {
    "date_naissance": {"ETERNITY": "1958-03-01"},
    "date_liquidation_retraite": {"ETERNITY": "2020-07-01"},
    "retraite_taux_plein": {"ETERNITY": True},
    "heures_travaillees": {"2019": 1607, "2020": 1607, "2021": 1607},
}


@pytest.mark.parametrize(("creditee", "alimentation_2020", "solde_2021"), [(False, 0, 500), (True, 500, 1000)])
def test_annee_de_cessation_creditee(systeme, creditee, alimentation_2020, solde_2021):
    """Faux (défaut) : l'année 2020 de la liquidation n'est pas créditée ; vrai : elle l'est. 2021 jamais."""
    tbs = reforme("cpf.cloture.annee_de_cessation_creditee", creditee, "2015-01-01")(systeme)
    simulation = simuler(tbs, RETRAITE_2020)
    assert simulation.calculate("cpf_alimentation", "2019")[0] == pytest.approx(500, abs=0.01)
    assert simulation.calculate("cpf_alimentation", "2020")[0] == pytest.approx(alimentation_2020, abs=0.01)
    assert simulation.calculate("cpf_alimentation", "2021")[0] == pytest.approx(0, abs=0.01)
    assert simulation.calculate("cpf_solde", "2021")[0] == pytest.approx(solde_2021, abs=0.01)


def test_annee_de_cessation_creditee_compteur_public(systeme):
    """Même interrupteur pour le compteur public : 25 h pour 2020 (décret n° 2017-928 modifié) si l'année est créditée."""
    agent = {
        "date_naissance": {"ETERNITY": "1960-01-15"},
        "date_liquidation_retraite": {"ETERNITY": "2020-06-30"},
        "agent_public": {"2019": True, "2020": True},
    }
    attendu = {}
    for creditee in (False, True):
        tbs = reforme("cpf.cloture.annee_de_cessation_creditee", creditee, "2015-01-01")(systeme)
        attendu[creditee] = float(simuler(tbs, agent).calculate("cpf_alimentation_heures_public", "2020")[0])
    assert attendu == {False: 0, True: 25}


@pytest.mark.parametrize(("toute", "heures_2017", "euros_2019"), [(True, 0, 0), (False, 24, 500)])
def test_toute_liquidation(systeme, toute, heures_2017, euros_2019):
    """Liquidation avec décote le 1er mars 2016 : vrai (défaut 2015-2018), plus rien ensuite ; faux, crédité."""
    tbs = reforme("cpf.cloture.toute_liquidation", toute, "2015-01-01")(systeme)
    simulation = simuler(
        tbs,
        {
            "date_naissance": {"ETERNITY": "1954-09-01"},
            "date_liquidation_retraite": {"ETERNITY": "2016-03-01"},
            "retraite_taux_plein": {"ETERNITY": False},
            "heures_travaillees": {"2015": 1607, "2017": 1607, "2019": 1607},
        },
    )
    assert simulation.calculate("cpf_alimentation", "2015")[0] == pytest.approx(24, abs=0.01)
    assert simulation.calculate("cpf_alimentation", "2017")[0] == pytest.approx(heures_2017, abs=0.01)
    assert simulation.calculate("cpf_alimentation", "2019")[0] == pytest.approx(euros_2019, abs=0.01)


@pytest.mark.parametrize(("au_plus_proche", "heures"), [(True, 67), (False, 66)])
def test_arrondi_des_heures_converties(systeme, au_plus_proche, heures):
    """1 000 € / 15 € = 66,67 h : 67 h à l'heure la plus proche (défaut), 66 h à l'heure inférieure."""
    tbs = reforme("cpf.agents_publics.conversion.arrondi_heures_au_plus_proche", au_plus_proche, "2020-01-01")(systeme)
    simulation = simuler(tbs, {"cpf_solde": {"2021": 1000}, "agent_public": {"2021": True}})
    assert simulation.calculate("cpf_heures_convertibles", "2021")[0] == pytest.approx(heures, abs=0.001)


@pytest.mark.parametrize(("inutilisables", "statutaires", "reste"), [(True, 0, 760), (False, 1000, 0)])
def test_droits_inutilisables(systeme, inutilisables, statutaires, reste):
    """L6323-3 al. 3 : vrai (défaut depuis le 8 août 2019), le CPF ne paie plus après la retraite ; faux, il paie."""
    tbs = reforme("cpf.cloture.droits_inutilisables", inutilisables, "2019-08-08")(systeme)
    simulation = simuler(
        tbs,
        {
            **RETRAITE_2020,
            "cpf_prix_formation": {"2023-06-01": 1000},
            "cpf_solde_disponible": {"2023-06-01": 1500},
            "cec_solde_disponible": {"2023-06-01": 240},
        },
    )
    cec = 240 if inutilisables else 0
    assert simulation.calculate("cpf_achat_droits_statutaires_mobilises", "2023-06-01")[0] == pytest.approx(statutaires)
    assert simulation.calculate("cec_achat_droits_mobilises", "2023-06-01")[0] == pytest.approx(cec)
    assert simulation.calculate("cpf_reste_a_charge", "2023-06-01")[0] == pytest.approx(reste)
