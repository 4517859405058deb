"""/plan-de-financement : le même plan que /calculate et qu'une population (openfisca-cpa simuler --formations)."""

import numpy as np
import pytest
from openfisca_core.simulation_builder import SimulationBuilder

from openfisca_cpa import plan_financement as plan
from openfisca_cpa.population.execution import executer
from openfisca_cpa.population.lecture import OptionsLecture, SourcePopulation

JOUR = "2024-06-14"
CARRIERE = {
    "heures_travaillees": {str(annee): 1607 for annee in range(2019, 2024)},
    "cec_service_civique_mois": {"2022": 8},
    "date_naissance": {"ETERNITY": "1980-01-01"},
    "c2p_annee_solde_points_initial": {"ETERNITY": 2023},
    "c2p_solde_points_initial": {"ETERNITY": 12},
}
FORMATION = {"date": JOUR, "prix": 6000, "points_c2p": 4, "cofinancement_autres_tiers": 200}
#: 6 000 € : 200 € de la région, 2 000 € de 4 points C2P, 2 500 € de droits, 240 € du CEC ; exonéré (points C2P).
ATTENDU = {"autres_tiers": 200, "c2p": 2000, "cpf_droits_statutaires": 2500, "cec": 240, "titulaire": 1060}


def _plan(client, individu=CARRIERE, formation=FORMATION):
    reponse = client.post("/plan-de-financement", json={"individu": individu, "formation": formation})
    assert reponse.status_code == 200, reponse.get_json()
    return reponse.get_json()


def test_plan_ligne_par_ligne(client):
    resultat = _plan(client)
    montants = {ligne["id"]: ligne["montant"] for ligne in resultat["lignes"]}
    for source, montant in ATTENDU.items():
        assert montants[source] == pytest.approx(montant, abs=0.01)
    assert resultat["total"] == pytest.approx(6000, abs=0.01)
    assert resultat["participation_forfaitaire"] == {
        **resultat["participation_forfaitaire"],
        "montant": 0.0,
        "exoneree": True,
    }
    assert [ligne["rang"] for ligne in resultat["lignes"]] == list(range(1, len(resultat["lignes"]) + 1))
    statutaire = next(ligne for ligne in resultat["lignes"] if ligne["id"] == "cpf_droits_statutaires")
    assert statutaire["article"] and statutaire["regle"] and statutaire["references"]
    c2p = next(ligne for ligne in resultat["lignes"] if ligne["id"] == "c2p")
    assert c2p["parametres"][0]["id"] == "c2p.utilisation.formation.euros_par_point"
    assert c2p["parametres"][0]["valeur"] == 500
    disponibles = {d["id"]: d["montant"] for d in resultat["droits_disponibles"]}
    assert disponibles["cpf"] == 2500 and disponibles["cec"] == 240 and disponibles["c2p_points"] == 8
    assert disponibles["c2p_valeur_formation"] == 4000


def test_identique_a_calculate(client):
    resultat = _plan(client)
    individu = dict(CARRIERE)
    for champ, valeur in FORMATION.items():
        if champ != "date":
            individu[plan.CHAMPS_PAR_NOM[champ].variable] = {JOUR: valeur}
    variables = [s.variable for s in plan.sources_dans_l_ordre(_systeme(), JOUR)]
    for nom in variables:
        individu.setdefault(nom, {JOUR: None})
    individu["cpf_solde"] = {"2024": None}
    reponse = client.post("/calculate", json={"individus": {"p": individu}})
    assert reponse.status_code == 200, reponse.get_json()
    calcule = reponse.get_json()["individus"]["p"]
    lignes = {ligne["variable"]: ligne["montant"] for ligne in resultat["lignes"]}
    for nom in (
        "cpf_achat_droits_statutaires_mobilises",
        "cec_achat_droits_mobilises",
        "cpf_reste_a_charge",
        "c2p_droits_formation",
    ):
        assert calcule[nom][JOUR] == pytest.approx(lignes[nom], abs=0.01)
    # Le solde de l'année est débité des droits utilisés : 2 500 − 2 500 + 0 (pas d'heures en 2024).
    assert calcule["cpf_solde"]["2024"] == pytest.approx(0, abs=0.01)


def _systeme():
    from openfisca_cpa.population.simulation import systeme_de_base

    return systeme_de_base()


def test_identique_en_python_et_en_population(client, tmp_path):
    resultat = _plan(client)
    attendu = {ligne["id"]: ligne["montant"] for ligne in resultat["lignes"]}

    # Python : SimulationBuilder, garde de spirale par défaut.
    individu = {k: v for k, v in CARRIERE.items()}
    for champ, valeur in FORMATION.items():
        if champ != "date":
            individu[plan.CHAMPS_PAR_NOM[champ].variable] = {JOUR: valeur}
    simulation = SimulationBuilder().build_from_entities(_systeme(), {"individus": {"p": individu}})
    assert simulation.max_spiral_loops == 1
    montants = plan.montants(simulation, JOUR)
    for source, montant in attendu.items():
        assert montants[source][0] == pytest.approx(montant, abs=0.01)

    # Population : fichier de population et fichier de demandes, trois personnes identiques et une sans demande.
    lignes = [
        "id,annee,heures_travaillees,cec_service_civique_mois,date_naissance,c2p_annee_solde_points_initial,c2p_solde_points_initial"
    ]
    for personne in ("a", "b", "c", "d"):
        for annee in range(2019, 2025):
            heures = 1607 if annee < 2024 else 0
            lignes.append(f"{personne},{annee},{heures},{8 if annee == 2022 else 0},1980-01-01,2023,12")
    (tmp_path / "population.csv").write_text("\n".join(lignes) + "\n", encoding="utf-8")
    demandes = ["id,date,prix,points_c2p,cofinancement_autres_tiers"] + [
        f"{p},{JOUR},6000,4,200" for p in ("a", "b", "c")
    ]
    (tmp_path / "demandes.csv").write_text("\n".join(demandes) + "\n", encoding="utf-8")
    source = SourcePopulation(tmp_path / "population.csv", _systeme(), OptionsLecture())
    synthese = executer(
        source,
        tmp_path / "resultats.csv",
        sorties=["cpf_solde"],
        progression=False,
        formations=tmp_path / "demandes.csv",
    )
    totaux = {s["id"]: s["montant"] for s in synthese["plans_de_financement"]["base"]["par_source"]}
    for source_id, montant in attendu.items():
        assert totaux[source_id] == pytest.approx(3 * montant, abs=0.03)
    import pandas as pd

    plans = pd.read_csv(synthese["meta"]["fichier_plans"])
    assert list(plans["id"]) == ["a", "b", "c"]
    for source_id, montant in attendu.items():
        assert np.allclose(plans[source_id], montant, atol=0.01)
    soldes = pd.read_csv(tmp_path / "resultats.csv")
    fin = soldes[(soldes["annee"] == 2024)].set_index("id")["cpf_solde"]
    assert fin["a"] == pytest.approx(0, abs=0.01) and fin["d"] == pytest.approx(2500, abs=0.01)


@pytest.mark.parametrize(
    ("corps", "chemin"),
    [
        ({"individu": {}, "formation": {"date": JOUR}}, "formation/prix"),
        ({"individu": {}, "formation": {"date": "2018-12-31", "prix": 10}}, "formation/date"),
        ({"individu": {}, "formation": {"date": JOUR, "prix": 10, "type_action": "yoga"}}, "formation/type_action"),
        ({"individu": {}, "formation": {"date": JOUR, "prix": 10, "points_c2p": -1}}, "formation/points_c2p"),
        ({"individu": {}, "formation": {"date": JOUR, "prix": 10, "inconnu": 1}}, "formation/inconnu"),
        ({"individu": {}, "formation": "x"}, "formation"),
        ({"individu": {}, "formation": {"date": JOUR, "prix": 10}, "autre": 1}, "autre"),
        (
            {"individu": {"cpf_prix_formation": {JOUR: 5}}, "formation": {"date": JOUR, "prix": 10}},
            "formation/prix",
        ),
        ({"individu": {"heures_travaillees": {"2023": "beaucoup"}}, "formation": {"date": JOUR, "prix": 10}}, None),
    ],
)
def test_erreurs_localisees(client, corps, chemin):
    reponse = client.post("/plan-de-financement", json=corps)
    assert reponse.status_code == 400
    erreur = reponse.get_json()["error"]
    assert erreur["message"]
    if chemin is not None:
        assert erreur["path"] == chemin
    else:
        assert erreur["path"].startswith("individu/")


def test_refus_avec_motif(client):
    resultat = _plan(
        client,
        {"heures_travaillees": {"2022": 1607}},
        {"date": "2026-03-10", "prix": 1400, "type_action": "permis_groupe_leger"},
    )
    assert resultat["achat_possible"] is False
    assert resultat["refus"]["motif"] == "permis_sans_cofinancement"
    assert resultat["refus"]["article"]
    assert all(ligne["montant"] == 0 for ligne in resultat["lignes"])


def test_retraite_droits_cpf_refuses_cec_paie(client):
    """L6323-3 al. 3 et 4 : retraite à taux plein liquidée en 2022, le CPF ne paie plus, le CEC (240 €) paie."""
    resultat = _plan(
        client,
        {
            "date_naissance": {"ETERNITY": "1958-03-01"},
            "date_liquidation_retraite": {"ETERNITY": "2022-07-01"},
            "retraite_taux_plein": {"ETERNITY": True},
            "heures_travaillees": {"2020": 1607, "2021": 1607},
            "cec_service_civique_mois": {"2021": 8},
        },
        {"date": "2023-06-01", "prix": 1000},
    )
    assert resultat["achat_possible"] is True
    assert resultat["refus"]["motif"] == "droits_cpf_retraite"
    assert "L6323-3" in resultat["refus"]["libelle"]
    montants = {ligne["id"]: ligne["montant"] for ligne in resultat["lignes"]}
    assert montants["cpf_droits_statutaires"] == 0
    assert montants["cpf_credits_tiers"] == 0
    assert montants["cec"] == 240
    assert resultat["reste_a_charge"] == 760
