"""/releve and /projection: balances, movements, rules, parameters and assumptions."""

from datetime import date

import pytest

from api import releve
from api.releve import Account, Phase
from api.tests.conftest import carriere_temps_plein


def demander(client, **corps):
    reponse = client.post("/releve", json=corps)
    assert reponse.status_code == 200, reponse.get_json()
    return reponse.get_json()


def compte(resultat, identifiant):
    return next(c for c in resultat["comptes"] if c["id"] == identifiant)


def ligne(comptes, annee):
    return next(ligne for ligne in comptes["annees"] if ligne["annee"] == annee)


def mouvement(une_ligne, type_):
    return next(m for m in une_ligne["mouvements"] if m["type"] == type_)


@pytest.fixture(scope="module")
def releve_carriere(app):
    individu = {**carriere_temps_plein(2015, 2026), "cpf_droits_mobilises": {"2021": 300}}
    reponse = app.test_client().post("/releve", json={"individu": individu, "debut": 2015, "fin": 2026})
    assert reponse.status_code == 200
    return reponse.get_json()


def test_les_mouvements_expliquent_les_soldes(releve_carriere):
    for un_compte in releve_carriere["comptes"]:
        precedent = None
        for une_ligne in un_compte["annees"]:
            types = [m["type"] for m in une_ligne["mouvements"]]
            assert "ajustement" not in types, (un_compte["id"], une_ligne["annee"])
            total = une_ligne["solde_debut"]["valeur"] + sum(m["montant"] for m in une_ligne["mouvements"])
            fin = une_ligne.get("solde_avant_conversion", une_ligne["solde_fin"])
            assert total == pytest.approx(fin["valeur"], abs=0.01)
            if precedent is not None:
                assert une_ligne["solde_debut"]["valeur"] == precedent
            precedent = une_ligne["solde_fin"]["valeur"]


def test_identifiants_stables_et_uniques(releve_carriere):
    ids = [c["id"] for c in releve_carriere["comptes"]]
    for un_compte in releve_carriere["comptes"]:
        for une_ligne in un_compte["annees"]:
            assert une_ligne["id"] == f"{un_compte['id']}-{une_ligne['annee']}"
            ids.append(une_ligne["id"])
            ids.extend(m["id"] for m in une_ligne["mouvements"])
    assert len(ids) == len(set(ids))
    assert "cpf-2026-plafonnement" in ids and "cpf-2021-debit" in ids


def test_conversion_au_premier_janvier_2019(releve_carriere):
    cpf = compte(releve_carriere, "cpf")
    annee_2018 = ligne(cpf, 2018)
    assert annee_2018["solde_avant_conversion"] == {"valeur": 96.0, "unite": "hour"}
    conversion = annee_2018["conversion"]
    assert conversion["id"] == "cpf-2018-conversion"
    assert (conversion["heures"], conversion["taux"], conversion["montant"]) == (96.0, 15, 1440.0)
    assert conversion["date"] == "2019-01-01"
    assert conversion["parametres"][0]["id"] == "cpf.conversion.euros_par_heure"
    assert conversion["parametres"][0]["references"][0]["href"].endswith("JORFTEXT000037814909")
    assert annee_2018["solde_fin"] == {"valeur": 1440.0, "unite": "currency-EUR", "variable": "cpf_solde"}
    assert ligne(cpf, 2019)["solde_debut"] == {"valeur": 1440.0, "unite": "currency-EUR"}


def test_credit_plafond_et_debit(releve_carriere):
    cpf = compte(releve_carriere, "cpf")
    debit = mouvement(ligne(cpf, 2021), "debit")
    assert (debit["montant"], debit["demande"], debit["variable"]) == (-300.0, 300.0, "cpf_debit")
    assert debit["variable_demande"] == "cpf_droits_mobilises"
    # Fin 2025 : 1 440 + 7 × 500 − 300 (utilisés en 2021) = 4 640 ; 2026 : 4 640 + 500 = 5 140, écrêté à 5 000.
    annee_2026 = ligne(cpf, 2026)
    assert annee_2026["solde_debut"]["valeur"] == 4640.0
    credit = mouvement(annee_2026, "credit")
    plafond = mouvement(annee_2026, "plafonnement")
    assert credit["montant"] == 500.0
    assert (plafond["montant"], plafond["plafond"], plafond["alimentation_apres_plafond"]) == (-140.0, 5000.0, 360.0)
    assert annee_2026["solde_fin"]["valeur"] == 5000.0


def test_regle_article_et_parametres(releve_carriere):
    credit = mouvement(ligne(compte(releve_carriere, "cpf"), 2024), "credit")
    assert credit["variable"] == "cpf_alimentation_avant_plafond"
    assert credit["regle"]
    assert credit["references"]
    composantes = {c["variable"]: c for c in credit["composantes"]}
    assert composantes["cpf_alimentation_salarie"]["montant"] == 500.0
    assert composantes["cpf_alimentation_salarie"]["article"].startswith("R6323-1")
    parametres = {p["id"]: p for p in credit["parametres"]}
    montant = parametres["cpf.euros.salarie.credit_annuel"]
    assert (montant["valeur"], montant["date"], montant["en_vigueur_depuis"], montant["unite"]) == (
        500,
        "2024-01-01",
        "2019-01-01",
        "currency-EUR",
    )
    assert "R6323-1" in montant["references"][0]["title"]
    assert "hypothese" not in montant  # seulement en projection
    plafond = mouvement(ligne(compte(releve_carriere, "cpf"), 2024), "plafonnement")
    assert "cpf.euros.salarie.plafond" in {p["id"] for p in plafond["parametres"]}


def test_annees_en_heures_et_plafond_leve(client):
    """2015-2018 : le crédit avant plafond vient du modèle, plafond de l'année levé."""
    individu = {
        "cpf_solde_heures_initial": {"ETERNITY": 140},
        "cpf_annee_solde_initial": {"ETERNITY": 2016},
        "heures_travaillees": {"2017": 1607, "2018": 1607},
    }
    cpf = compte(demander(client, individu=individu, debut=2017, fin=2018), "cpf")
    annee_2017 = ligne(cpf, 2017)
    assert annee_2017["solde_debut"] == {"valeur": 140.0, "unite": "hour"}
    # Au-delà de 120 h : 12 h par an (L6323-11, 2015), écrêtées à 10 h par le plafond de 150 h.
    assert mouvement(annee_2017, "credit")["montant"] == 12.0
    assert mouvement(annee_2017, "plafonnement")["montant"] == -2.0
    assert mouvement(annee_2017, "plafonnement")["plafond"] == 150.0
    assert annee_2017["solde_fin"]["valeur"] == 150.0
    ids = {p["id"] for p in mouvement(annee_2017, "credit")["parametres"]}
    assert "cpf.heures.salarie.credit_annuel_apres_seuil" in ids


def test_releve_par_defaut(client):
    resultat = demander(client, individu={})
    assert resultat["debut"] == 2015
    assert resultat["fin"] == date.today().year


def test_comptes_pilotes_par_la_table(app, monkeypatch, systeme):
    """Un compte apparaît dès que sa variable de solde existe dans le système."""
    essai = Account(
        id="essai",
        label="Compte d'essai",
        phases=(Phase(2019, None, balance="cpf_solde_abondements", unit="currency-EUR", debit="variable_absente"),),
    )
    absent = Account(id="absent", label="Absent", phases=(Phase(2019, None, balance="variable_absente", unit="point"),))
    monkeypatch.setattr(releve, "ACCOUNTS", (essai, absent))
    resultat = demander(app.test_client(), individu={}, debut=2019, fin=2020)
    assert [c["id"] for c in resultat["comptes"]] == ["essai"]
    assert [m["type"] for m in ligne(resultat["comptes"][0], 2019)["mouvements"]] == []


def test_cec_et_c2p_quand_leurs_variables_existent(client, systeme):
    individu = {
        "cec_benevolat_heures": {"2019": 250},
        "cec_benevolat_heures_association_principale": {"2019": 250},
        "c2p_nuits_travail_nuit": {"2019": 120},
    }
    resultat = demander(client, individu=individu, debut=2019, fin=2020)
    ids = [c["id"] for c in resultat["comptes"]]
    for identifiant, variable in (("cec", "cec_solde"), ("c2p", "c2p_solde_points")):
        assert (identifiant in ids) == (variable in systeme.variables)
    if "cec_solde" in systeme.variables:
        cec = compte(resultat, "cec")
        assert ligne(cec, 2019)["solde_fin"]["unite"] == "currency-EUR"
        assert mouvement(ligne(cec, 2019), "credit")["montant"] > 0


def test_projection(client):
    individu = {**carriere_temps_plein(2015, 2024), "cpf_droits_mobilises": {"2024": 300}}
    reponse = client.post("/projection", json={"individu": individu, "jusqu_a": 2030, "date_reference": "2026-06-01"})
    assert reponse.status_code == 200
    resultat = reponse.get_json()
    assert resultat["derniere_annee_connue"] == 2024
    cpf = compte(resultat, "cpf")
    assert cpf["solde_connu"]["annee"] == 2024
    assert [ligne["annee"] for ligne in cpf["annees"]] == list(range(2025, 2031))
    assert cpf["solde_projete"] == {"annee": 2030, "valeur": 5000.0, "unite": "currency-EUR", "variable": "cpf_solde"}
    hypotheses = resultat["hypotheses"]
    assert hypotheses["entrees_reconduites"] == [
        {"variable": "heures_travaillees", "valeur": 1607.0, "annees": list(range(2025, 2031))}
    ]
    assert hypotheses["entrees_non_reconduites"][0]["variable"] == "cpf_droits_mobilises"
    reconduits = {p["id"]: p for p in hypotheses["parametres_reconduits"]}
    montant = reconduits["cpf.euros.salarie.credit_annuel"]
    assert montant["valeur"] == 500
    assert montant["annees"][0] >= 2026
    assert montant["annees"][-1] == 2030
    credit_2030 = mouvement(ligne(cpf, 2030), "credit")
    assert all(p["hypothese"] for p in credit_2030["parametres"])


def test_projection_egale_au_calcul_avec_les_entrees_reconduites(client):
    individu = carriere_temps_plein(2019, 2022, heures=800)
    projection = client.post("/projection", json={"individu": individu, "jusqu_a": 2027}).get_json()
    a_la_main = {"heures_travaillees": {str(a): 800 for a in range(2019, 2028)}, "cpf_solde": {"2027": None}}
    calcul = client.post("/calculate", json={"individus": {"a": a_la_main}}).get_json()
    assert compte(projection, "cpf")["solde_projete"]["valeur"] == calcul["individus"]["a"]["cpf_solde"]["2027"]


def test_projection_respecte_les_entrees_futures(client):
    """Une entrée déjà donnée pour une année future n'est pas écrasée par la reconduction."""
    individu = {"heures_travaillees": {"2024": 1607}, "cpf_droits_mobilises": {"2026": 1000}}
    resultat = client.post("/projection", json={"individu": individu, "jusqu_a": 2026}).get_json()
    assert mouvement(ligne(compte(resultat, "cpf"), 2026), "debit")["demande"] == 1000.0


def test_solde_connu_en_mouvement_explicite_et_non_en_plafond(client):
    """Un solde connu saisi pour 2021 est un mouvement « solde_connu » du modèle, ni un écrêtement ni un ajustement."""
    individu = {
        "cpf_solde_initial": {"ETERNITY": 2300},
        "cpf_annee_solde_initial": {"ETERNITY": 2021},
        **carriere_temps_plein(2019, 2022),
    }
    cpf = compte(demander(client, individu=individu, debut=2019, fin=2022), "cpf")
    annee_2021 = ligne(cpf, 2021)
    assert "ajustement" not in [m["type"] for m in annee_2021["mouvements"]]
    assert mouvement(annee_2021, "plafonnement")["montant"] == 0.0
    assert mouvement(annee_2021, "credit")["montant"] == 500.0
    # 1 000 € fin 2020, +500 € pour 2021 : 1 500 € rejoués, 2 300 € relevés, écart de 800 €.
    reprise = mouvement(annee_2021, "solde_connu")
    assert (reprise["montant"], reprise["variable"]) == (800.0, "cpf_reprise_solde_connu")
    assert "solde inscrit au compte fait foi" in reprise["regle"]
    assert annee_2021["solde_fin"]["valeur"] == 2300.0
    assert ligne(cpf, 2022)["solde_fin"]["valeur"] == 2800.0
    total = annee_2021["solde_debut"]["valeur"] + sum(m["montant"] for m in annee_2021["mouvements"])
    assert total == pytest.approx(2300.0, abs=0.01)


def test_plafond_de_carriere_du_c2p_en_ecretement_avec_son_article(client):
    """Né en 1955, deux facteurs par an : le plafond de 100 points atteint en 2021 apparaît en écrêtement (R4163-9)."""
    individu = {
        "date_naissance": {"ETERNITY": "1955-03-01"},
        "c2p_nuits_travail_nuit": {str(a): 130 for a in range(2015, 2024)},
        "c2p_heures_travail_repetitif": {str(a): 1000 for a in range(2015, 2024)},
    }
    c2p = compte(demander(client, individu=individu, debut=2020, fin=2023), "c2p")
    for une_ligne in c2p["annees"]:
        assert "ajustement" not in [m["type"] for m in une_ligne["mouvements"]]
        total = une_ligne["solde_debut"]["valeur"] + sum(m["montant"] for m in une_ligne["mouvements"])
        assert total == pytest.approx(une_ligne["solde_fin"]["valeur"], abs=0.01)
    annee_2022 = ligne(c2p, 2022)
    assert (mouvement(annee_2022, "credit")["montant"], mouvement(annee_2022, "plafonnement")["montant"]) == (
        16.0,
        -16.0,
    )
    assert mouvement(annee_2022, "plafonnement")["article"].startswith("R4163-9")
    assert mouvement(ligne(c2p, 2021), "plafonnement")["montant"] == -12.0
    assert mouvement(ligne(c2p, 2023), "plafonnement")["montant"] == 0.0
