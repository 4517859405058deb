"""A 12-year full-time career through /calculate gives the law's figures.

24 h a year from 2015 to 2018 (96 h, under the 120 h threshold), converted on 1 January 2019 at
15 €/h (1 440 €), then 500 € a year within the 5 000 € ceiling: 4 940 € at the end of 2025, and
the ceiling is reached with the 2026 credit (4 940 + 500 > 5 000).
"""

from api.tests.conftest import carriere_temps_plein

HEURES = {"2015": 24.0, "2016": 48.0, "2017": 72.0, "2018": 96.0}
EUROS = {
    "2018": 1440.0,
    "2019": 1940.0,
    "2020": 2440.0,
    "2021": 2940.0,
    "2022": 3440.0,
    "2023": 3940.0,
    "2024": 4440.0,
    "2025": 4940.0,
    "2026": 5000.0,
}


def test_carriere_de_douze_ans(client):
    personne = {
        **carriere_temps_plein(2015, 2026),
        "cpf_solde_heures": dict.fromkeys(HEURES),
        "cpf_solde": dict.fromkeys(EUROS),
        "cpf_alimentation": {"2026": None},
    }
    reponse = client.post("/calculate", json={"individus": {"salarie": personne}})
    assert reponse.status_code == 200
    resultat = reponse.get_json()["individus"]["salarie"]
    assert resultat["cpf_solde_heures"] == HEURES
    assert resultat["cpf_solde"] == EUROS
    assert resultat["cpf_alimentation"] == {"2026": 60.0}  # plafond atteint : 5 000 − 4 940


def test_carriere_dans_le_releve(client):
    reponse = client.post("/releve", json={"individu": carriere_temps_plein(2015, 2026), "debut": 2015, "fin": 2026})
    cpf = next(compte for compte in reponse.get_json()["comptes"] if compte["id"] == "cpf")
    soldes = {str(ligne["annee"]): ligne["solde_fin"]["valeur"] for ligne in cpf["annees"]}
    assert {annee: soldes[annee] for annee in ("2015", "2016", "2017")} == {
        k: HEURES[k] for k in ("2015", "2016", "2017")
    }
    assert {annee: soldes[annee] for annee in EUROS} == EUROS
