"""Les clients OpenFisca (l'explorateur de la législation) lisent l'API sans configuration.

Métadonnées lisibles de toute origine (`Access-Control-Allow-Origin: *`, sans crédits) ; calculs
selon CPA_CORS_ORIGINS (`*` répond `*`, jamais l'origine renvoyée) ; liens « source » vers le
fichier et les lignes du dépôt, pour la variable et pour chaque formule.
"""

import ast
from pathlib import Path

import pytest

from api import create_app
from openfisca_cpa.projet import DEPOT

RACINE = Path(__file__).resolve().parents[2]
ORIGINE = "http://127.0.0.1:2020"
METADONNEES = (
    "/",
    "/spec",
    "/entities",
    "/variables",
    "/variable/cpf_solde",
    "/parameters",
    "/parameter/cpf.euros.salarie.plafond",
)
CALCULS = ("/calculate", "/trace", "/calculate/population", "/releve", "/projection")
UNE_PERSONNE = {"individus": {"a": {"heures_travaillees": {"2024": 1607}, "cpf_solde": {"2024": None}}}}


def _preflight(client, chemin, methode):
    return client.options(chemin, headers={"Origin": ORIGINE, "Access-Control-Request-Method": methode})


@pytest.mark.parametrize("chemin", METADONNEES)
def test_metadonnees_lisibles_de_toute_origine_sans_configuration(client, chemin):
    reponse = client.get(chemin, headers={"Origin": ORIGINE})
    assert reponse.status_code == 200
    assert reponse.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in reponse.headers
    preflight = _preflight(client, chemin, "GET")
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]


def test_erreur_d_une_route_de_metadonnees_lisible_aussi(client):
    """Une variable inconnue : le 404 JSON atteint le script de l'explorateur (il affiche « introuvable »)."""
    reponse = client.get("/variable/cpf_sold", headers={"Origin": ORIGINE})
    assert reponse.status_code == 404
    assert reponse.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("chemin", CALCULS)
def test_calculs_fermes_par_defaut(client, chemin):
    assert "Access-Control-Allow-Origin" not in _preflight(client, chemin, "POST").headers
    assert "Access-Control-Allow-Origin" not in client.get("/health", headers={"Origin": ORIGINE}).headers


@pytest.mark.parametrize("chemin", CALCULS)
def test_calculs_ouverts_a_tous_repondent_etoile(systeme, chemin):
    client = create_app(systeme, {"CORS_ORIGINS": ("*",)}).test_client()
    preflight = _preflight(client, chemin, "POST")
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers


def test_calcul_ouvert_a_une_origine(systeme):
    client = create_app(systeme, {"CORS_ORIGINS": ("https://portail.example",)}).test_client()
    permis = client.post("/calculate", json=UNE_PERSONNE, headers={"Origin": "https://portail.example"})
    assert permis.status_code == 200
    assert permis.headers["Access-Control-Allow-Origin"] == "https://portail.example"
    assert "Origin" in permis.headers["Vary"]
    refuse = client.post("/calculate", json=UNE_PERSONNE, headers={"Origin": ORIGINE})
    assert "Access-Control-Allow-Origin" not in refuse.headers
    # Les métadonnées restent ouvertes à tous.
    assert client.get("/variables", headers={"Origin": ORIGINE}).headers["Access-Control-Allow-Origin"] == "*"


def _lignes(fichier: Path, classe: str) -> tuple[tuple[int, int], dict[str, int]]:
    """Lignes de la classe et première ligne de chaque formule, lues dans le fichier."""
    for noeud in ast.parse(fichier.read_text(encoding="utf-8")).body:
        if isinstance(noeud, ast.ClassDef) and noeud.name == classe:
            formules = {
                f.name: f.lineno for f in noeud.body if isinstance(f, ast.FunctionDef) and f.name.startswith("formula")
            }
            return (noeud.lineno, noeud.end_lineno), formules
    raise AssertionError(classe)


def test_chaque_variable_et_chaque_formule_a_sa_source(client):
    noms = client.get("/variables").get_json()
    for nom in noms:
        variable = client.get(f"/variable/{nom}").get_json()
        (fichier,) = (RACINE / "openfisca_cpa" / "variables").rglob(f"{nom}.py")
        relatif = fichier.relative_to(RACINE)
        (debut, fin), formules = _lignes(fichier, nom)
        assert variable["source"] == f"{DEPOT}/blob/main/{relatif}#L{debut}-L{fin}"
        for date, formule in (variable.get("formulas") or {}).items():
            if formule is None:  # fin de la variable
                continue
            fonction = "formula" if date == "0001-01-01" else f"formula_{date.replace('-', '_')}"
            premiere = formules[fonction]
            assert formule["source"].startswith(f"{DEPOT}/blob/main/{relatif}#L{premiere}-L"), (nom, date)


def test_source_d_un_parametre(client):
    parametre = client.get("/parameter/cpf.euros.salarie.plafond").get_json()
    assert parametre["source"] == f"{DEPOT}/blob/main/openfisca_cpa/parameters/cpf/euros/salarie/plafond.yaml"


def test_source_d_un_fork_ou_d_une_version(systeme):
    """CPA_SOURCE_URL : la base des liens (une étiquette publiée, un fork sur une autre forge)."""
    base = "https://forge.example/moi/openfisca-cpa/-/blob/v0.1.0"
    client = create_app(systeme, {"SOURCE_URL": base}).test_client()
    variable = client.get("/variable/cpf_solde").get_json()
    assert variable["source"].startswith(f"{base}/openfisca_cpa/variables/cpf/cpf_solde.py#L")
    assert all(f["source"].startswith(base) for f in variable["formulas"].values())
    parametre = client.get("/parameter/cpf.euros.salarie.plafond").get_json()
    assert parametre["source"] == f"{base}/openfisca_cpa/parameters/cpf/euros/salarie/plafond.yaml"


def test_depot_lu_dans_les_metadonnees_du_paquet():
    from importlib.metadata import metadata

    adresses = dict(ligne.split(", ", 1) for ligne in metadata("openfisca-cpa").get_all("Project-URL"))
    assert adresses["Repository"] == DEPOT
    assert {"Documentation", "Changelog"} <= set(adresses)
