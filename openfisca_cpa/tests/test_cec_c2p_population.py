"""CEC, C2P et achats CPF : carrière de 12 ans avec les réglages par défaut d'openfisca-core, contrat,
interrupteurs de lecture, vectorisation et appel /calculate unique."""

from datetime import date

import numpy as np
import pytest
from openfisca_core.model_api import ADD
from openfisca_core.reforms import Reform
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa import CountryTaxBenefitSystem

ANNEES = range(2015, 2027)

# Le contrat public (identifiants, périodes, types, défauts) est vérifié dans test_conventions.py.


# --- Carrière de 12 ans (2015-2026) -----------------------------------------------------------
#
# A, née le 15 mars 1975 :
#   C2P : travail de nuit (130 nuits) de 2015 à 2026, travail répétitif (1 000 h) de 2019 à 2026 :
#         4 points par an 2015-2018, 8 ensuite (2 facteurs, avant comme après la réforme).
#         10 points de formation le 1er juin 2020 (solde fin 2019 : 24), 20 points de temps partiel
#         à mi-temps le 1er septembre 2024 (solde fin 2023 : 46 ; réserve restante 10 ; 240 jours).
#         Solde : 2019 24, 2020 22, 2021 30, 2022 38, 2023 46, 2024 34, 2025 42, 2026 50.
#   CEC : service civique de septembre 2016 à février 2017 (4 + 2 mois, un crédit en 2017), bénévolat
#         200 h dont 100 h de 2017 à 2026 : 40 h en 2017, 20 h en 2018 (plafond 60 h), 720 € fin 2018 ;
#         300 € utilisés en 2020 (660 €), plafond en 2021 ; 500 € utilisés en 2026 : 460 €.
# B, né le 1er janvier 1955 : travail de nuit de 2015 à 2018, points doublés (8 par an) : 32 points.
# C : aucune activité.

SOLDES_C2P_A = {2019: 24, 2020: 22, 2021: 30, 2022: 38, 2023: 46, 2024: 34, 2025: 42, 2026: 50}
SOLDES_CEC_A = {2018: 720, 2019: 720, 2020: 660, 2021: 720, 2025: 720, 2026: 460}


def situation_carriere():
    a = {
        "date_naissance": {"ETERNITY": "1975-03-15"},
        "c2p_nuits_travail_nuit": {str(n): 130 for n in ANNEES},
        "c2p_heures_travail_repetitif": {str(n): 1000 for n in range(2019, 2027)},
        "c2p_points_utilises_formation": {"2020-06-01": 10},
        "c2p_points_utilises_temps_partiel": {"2024-09-01": 20},
        "c2p_taux_reduction_temps_travail": {"2024-09-01": 0.5},
        "cec_service_civique_mois": {"2016": 4, "2017": 2},
        "cec_benevolat_heures": {str(n): 200 for n in range(2017, 2027)},
        "cec_benevolat_heures_association_principale": {str(n): 100 for n in range(2017, 2027)},
        "cec_droits_mobilises": {"2020": 300, "2026": 500},
    }
    b = {
        "date_naissance": {"ETERNITY": "1955-01-01"},
        "c2p_nuits_travail_nuit": {str(n): 130 for n in range(2015, 2019)},
    }
    return {"individus": {"a": a, "b": b, "c": {}}}


def verifier_carriere(simulation):
    # Du plus récent au plus ancien : l'ordre des demandes ne doit pas changer les soldes.
    assert simulation.calculate("c2p_solde_points", "2026").tolist() == [50, 32, 0]
    assert simulation.calculate("cec_solde", "2026").tolist() == [460, 0, 0]
    for annee, attendu in SOLDES_C2P_A.items():
        assert simulation.calculate("c2p_solde_points", str(annee))[0] == attendu, annee
    for annee, attendu in SOLDES_CEC_A.items():
        assert simulation.calculate("cec_solde", str(annee))[0] == attendu, annee
    assert simulation.calculate("cec_solde_heures", "2018").tolist() == [60, 0, 0]
    assert simulation.calculate("cec_alimentation", "2017").tolist() == [40, 0, 0]
    assert simulation.calculate("c2p_points_acquis", "2016").tolist() == [4, 8, 0]
    assert simulation.calculate("c2p_points_acquis", "2023").tolist() == [8, 0, 0]
    assert simulation.calculate("c2p_jours_temps_partiel", "2024-09-01")[0] == 240
    assert simulation.calculate("c2p_droits_formation", "2020-06-01")[0] == 3750
    assert simulation.max_spiral_loops == 1, "réglage par défaut d'openfisca-core"


def test_carriere_de_douze_ans_build_from_entities(systeme):
    simulation = SimulationBuilder().build_from_entities(systeme, situation_carriere())
    verifier_carriere(simulation)


def test_carriere_de_douze_ans_build_default_simulation(systeme):
    personnes = situation_carriere()["individus"]
    noms = list(personnes)
    simulation = SimulationBuilder().build_default_simulation(systeme, len(noms))
    variables = {v for p in personnes.values() for v in p}
    for variable in sorted(variables):
        periodes = {k for p in personnes.values() for k in p.get(variable, {})}
        for periode in sorted(periodes):
            valeurs = [personnes[n].get(variable, {}).get(periode) for n in noms]
            defaut = systeme.variables[variable].default_value
            valeurs = [defaut if v is None else v for v in valeurs]
            if variable == "date_naissance":
                valeurs = np.array(valeurs, dtype="datetime64[D]")
            simulation.set_input(variable, periode, np.array(valeurs))
    verifier_carriere(simulation)


# --- Agrégation des saisies journalières ------------------------------------------------------


def test_les_saisies_journalieres_de_l_annee_sont_toutes_debitees(systeme):
    """Le solde annuel débite la somme des demandes accordées de l'année, comme l'option ADD."""
    situation = {
        "individus": {
            "a": {
                "c2p_solde_points_initial": {"ETERNITY": 100},
                "c2p_annee_solde_points_initial": {"ETERNITY": 2023},
                "c2p_points_utilises_formation": {
                    "2024-01-03": 5,
                    "2024-07-14": 7,
                    "2024-12-31": 3,
                    "2025-01-01": 11,
                },
            }
        }
    }
    simulation = SimulationBuilder().build_from_entities(systeme, situation)
    individu = simulation.populations["individu"]
    somme_add = individu("c2p_points_utilises_formation", "2024", options=[ADD])
    assert somme_add[0] == 15
    assert simulation.calculate("c2p_points_utilises", "2024")[0] == 15
    assert simulation.calculate("c2p_solde_points", "2024")[0] == 85
    assert simulation.calculate("c2p_solde_points", "2025")[0] == 74


# --- Vectorisation : une population donne les mêmes résultats que chaque personne seule ------


def test_population_egale_personnes_seules(systeme):
    generateur = np.random.default_rng(20260326)
    n = 40
    colonnes = {
        ("date_naissance", "ETERNITY"): np.array(
            [np.datetime64("1950-01-01") + int(j) for j in generateur.integers(0, 365 * 45, n)],
            dtype="datetime64[D]",
        ),
    }
    for annee in ANNEES:
        colonnes["c2p_nuits_travail_nuit", str(annee)] = generateur.choice([0, 110, 130], n).astype(float)
        colonnes["c2p_heures_bruit", str(annee)] = generateur.choice([0, 700], n).astype(float)
        colonnes["c2p_mois_exposition", str(annee)] = generateur.choice([12, 7, 2], n).astype(float)
        colonnes["cec_reserve_militaire_jours", str(annee)] = generateur.choice([0, 95], n).astype(float)
        colonnes["cec_service_civique_mois", str(annee)] = generateur.choice([0, 3, 6], n).astype(float)
        colonnes["cec_droits_mobilises", str(annee)] = generateur.choice([0, 200], n).astype(float)
    for jour in ("2021-03-01", "2024-06-01"):
        colonnes["c2p_points_utilises_formation", jour] = generateur.choice([0, 5, 40], n).astype(float)
        colonnes["c2p_points_utilises_temps_partiel", jour] = generateur.choice([0, 10, 20], n).astype(float)
        colonnes["c2p_taux_reduction_temps_travail", jour] = np.full(n, 0.5)
        colonnes["c2p_points_utilises_retraite", jour] = generateur.choice([0, 10], n).astype(float)
    sorties = [
        ("cec_solde", "2026"),
        ("cec_alimentation", "2020"),
        ("c2p_solde_points", "2026"),
        ("c2p_points_acquis", "2016"),
        ("c2p_jours_temps_partiel", "2024-06-01"),
        ("c2p_droits_formation", "2021-03-01"),
        ("c2p_trimestres_retraite", "2024-06-01"),
        ("c2p_valeur_trimestres_retraite", "2026-06-01"),
    ]

    def simuler(indices):
        simulation = SimulationBuilder().build_default_simulation(systeme, len(indices))
        for (variable, periode), valeurs in colonnes.items():
            simulation.set_input(variable, periode, valeurs[indices])
        return {sortie: simulation.calculate(*sortie).astype(np.float64) for sortie in sorties}

    population = simuler(np.arange(n))
    for i in range(0, n, 7):
        seul = simuler(np.array([i]))
        for sortie in sorties:
            assert population[sortie][i] == seul[sortie][0], (sortie, i)
    assert population["c2p_solde_points", "2026"].max() > 0
    assert population["cec_solde", "2026"].max() > 0


# --- Interrupteurs des lectures incertaines ---------------------------------------------------


def reforme(modifications):
    class Lecture(Reform):
        def apply(self):
            def modifier(parametres):
                for chemin, debut, valeur in modifications:
                    noeud = parametres
                    for morceau in chemin.split("."):
                        noeud = noeud.children[morceau]
                    noeud.update(start=debut, value=valeur)
                return parametres

            self.modify_parameters(modifier_function=modifier)

    return Lecture(CountryTaxBenefitSystem())


def calculer(systeme, individus, variable, periode):
    simulation = SimulationBuilder().build_from_entities(systeme, {"individus": individus})
    return simulation.calculate(variable, periode).tolist()


def test_credit_par_categorie(systeme):
    """Service civique et réserve sanitaire (deux volontariats) : 1 crédit par catégorie (défaut depuis 2019), 2 par activité."""
    individus = {
        "a": {
            "cec_service_civique_mois": {"2023": 6},
            "cec_reserve_sanitaire_jours": {"2023": 30},
            "cec_maitre_apprentissage_mois": {"2023": 6},
        }
    }
    assert calculer(systeme, individus, "cec_alimentation", "2023") == [480]
    par_activite = reforme([("cec.credit_par_categorie", "2017-01-01", False)])
    assert calculer(par_activite, individus, "cec_alimentation", "2023") == [720]


def test_regle_de_points_de_2023_au_1er_janvier(systeme):
    """§7 point 6 : par défaut 3 facteurs en 2023 donnent 12 points ; lus au 1er janvier, 8 points."""
    individus = {
        "a": {
            "c2p_nuits_travail_nuit": {"2023": 130},
            "c2p_heures_bruit": {"2023": 700},
            "c2p_heures_temperatures_extremes": {"2023": 1000},
        }
    }
    assert calculer(systeme, individus, "c2p_points_acquis", "2023") == [12]
    ancienne = reforme([("c2p.points.regle_au_31_decembre", "2015-01-01", False)])
    assert calculer(ancienne, individus, "c2p_points_acquis", "2023") == [8]
    assert calculer(ancienne, individus, "c2p_points_acquis", "2024") == [0]


def test_durees_de_2017_inconnues(systeme):
    individus = {"a": {"cec_service_civique_mois": {"2017": 6}}}
    assert calculer(systeme, individus, "cec_solde", "2018") == [240]
    sans = reforme([("cec.seuils.durees_pour_annees_en_heures", "2017-01-01", False)])
    assert calculer(sans, individus, "cec_solde", "2018") == [0]


def test_arrondi_des_demis_au_pair(systeme):
    """10 points à 60 % (45 / 0,4 = 112,5) : 112 jours dans les deux lectures ; 30 points : 337,5 → 337 ou 338."""
    individus = {
        "a": {
            "c2p_solde_points_initial": {"ETERNITY": 100},
            "c2p_annee_solde_points_initial": {"ETERNITY": 2021},
            "c2p_points_utilises_temps_partiel": {"2022-03-01": 10, "2022-04-01": 30},
            "c2p_taux_reduction_temps_travail": {"2022-03-01": 0.4, "2022-04-01": 0.4},
            "date_naissance": {"ETERNITY": "1960-01-01"},
        }
    }
    assert calculer(systeme, individus, "c2p_jours_temps_partiel", "2022-03-01") == [112]
    assert calculer(systeme, individus, "c2p_jours_temps_partiel", "2022-04-01") == [337]
    pair = reforme([("c2p.utilisation.temps_partiel.arrondi_demis_au_pair", "2015-01-01", True)])
    assert calculer(pair, individus, "c2p_jours_temps_partiel", "2022-03-01") == [112]
    assert calculer(pair, individus, "c2p_jours_temps_partiel", "2022-04-01") == [338]


# --- Vue « banque de temps » en un seul appel /calculate --------------------------------------


def test_banque_de_temps_en_un_appel_calculate(systeme):
    flask = pytest.importorskip("flask")
    assert flask
    from openfisca_web_api.app import create_app

    jour = "2026-03-02"
    situation = {
        "individus": {
            "marie": {
                "date_naissance": {"ETERNITY": "1968-05-04"},
                "heures_travaillees": {str(n): 1607 for n in range(2019, 2026)},
                "c2p_nuits_travail_nuit": {str(n): 130 for n in range(2018, 2026)},
                "cec_benevolat_heures": {"2025": 200},
                "cec_benevolat_heures_association_principale": {"2025": 120},
                "cpf_prix_formation": {jour: 1200},
                "cpf_solde_disponible": {jour: 3000},
                "cpf_solde": {"2025": None},
                "cec_solde": {"2025": None},
                "c2p_points_disponibles": {jour: None},
                "c2p_valeur_formation": {jour: None},
                "c2p_valeur_temps_partiel_jours": {jour: None},
                "c2p_valeur_trimestres_retraite": {jour: None},
                "cpf_montant_mobilise": {jour: None},
                "cpf_reste_a_charge": {jour: None},
            }
        }
    }
    client = create_app(systeme).test_client()
    reponse = client.post("/calculate", json=situation)
    assert reponse.status_code == 200, reponse.get_data(as_text=True)
    marie = reponse.get_json()["individus"]["marie"]
    assert marie["cec_solde"]["2025"] == 240
    assert marie["c2p_points_disponibles"][jour] == 32
    assert marie["c2p_valeur_formation"][jour] == 16000
    # 32 points, 20 réservés (née en 1968) : une tranche de 10, 120 jours à mi-temps, ou 1 trimestre.
    assert marie["c2p_valeur_temps_partiel_jours"][jour] == 120
    assert marie["c2p_valeur_trimestres_retraite"][jour] == 1
    assert marie["cpf_montant_mobilise"][jour] == pytest.approx(1096.80, abs=0.01)
    assert marie["cpf_reste_a_charge"][jour] == pytest.approx(103.20, abs=0.01)
    assert marie["cpf_solde"]["2025"] > 0


def test_date_du_dernier_bilan_par_defaut(systeme):
    assert systeme.variables["cpf_achat_date_dernier_bilan_finance"].default_value == (date(1900, 1, 1))


def test_facteurs_retires_en_2017_selon_la_lecture(systeme):
    """c2p.points.annee_de_suppression_creditee : faux, rien en 2017 ; vrai, janvier-septembre = 3 périodes, 3 points."""
    individus = {"a": {"date_naissance": {"ETERNITY": "1980-01-01"}, "c2p_heures_postures_penibles": {"2017": 900}}}
    assert calculer(systeme, individus, "c2p_points_acquis", "2017") == [0]
    credite = reforme([("c2p.points.annee_de_suppression_creditee", "2017-01-01", True)])
    assert calculer(credite, individus, "c2p_points_acquis", "2017") == [3]
