"""Relevé d'un agent public et d'une carrière mixte : le compteur public se lit dans ses mouvements."""

import pytest


def releve_de(client, individu, debut, fin):
    reponse = client.post("/releve", json={"individu": individu, "debut": debut, "fin": fin})
    assert reponse.status_code == 200, reponse.get_json()
    return reponse.get_json()


def compte(resultat, identifiant):
    return next(c for c in resultat["comptes"] if c["id"] == identifiant)


def test_carriere_mixte_deux_compteurs(client):
    """Agent public de 2017 à 2020, salarié à mi-temps et agent à mi-temps en 2021, heures utilisées en 2021."""
    individu = {
        "date_naissance": {"ETERNITY": "1980-05-01"},
        "agent_public": {str(a): True for a in range(2017, 2022)},
        "agent_public_quotite": {"2021": 0.5},
        "heures_travaillees": {"2021": 803.5},
        "cpf_heures_public_mobilisees": {"2021": 10},
    }
    resultat = releve_de(client, individu, 2017, 2021)
    public = compte(resultat, "cpf_public")
    soldes = {ligne["annee"]: ligne["solde_fin"]["valeur"] for ligne in public["annees"]}
    assert soldes == {2017: 24.0, 2018: 48.0, 2019: 72.0, 2020: 97.0, 2021: 100.0}
    precedent = 0.0
    for ligne in public["annees"]:
        assert ligne["solde_debut"]["valeur"] == precedent
        total = precedent + sum(m["montant"] for m in ligne["mouvements"])
        assert total == pytest.approx(ligne["solde_fin"]["valeur"])
        precedent = ligne["solde_fin"]["valeur"]
    cpf = compte(resultat, "cpf")
    assert next(ligne for ligne in cpf["annees"] if ligne["annee"] == 2021)["solde_fin"]["valeur"] == 500.0


def test_solde_public_connu_en_reprise(client):
    """Un solde public saisi (relevé officiel) : l'écart avec le solde rejoué est une reprise explicite."""
    individu = {
        "agent_public": {str(a): True for a in range(2017, 2021)},
        "cpf_solde_heures_public": {"2018": 60},
    }
    public = compte(releve_de(client, individu, 2017, 2020), "cpf_public")
    ligne_2018 = next(ligne for ligne in public["annees"] if ligne["annee"] == 2018)
    assert ligne_2018["solde_fin"]["valeur"] == 60.0
    total = ligne_2018["solde_debut"]["valeur"] + sum(m["montant"] for m in ligne_2018["mouvements"])
    assert total == pytest.approx(60.0)
    assert next(ligne for ligne in public["annees"] if ligne["annee"] == 2020)["solde_fin"]["valeur"] == 109.0
