"""Configuration read from environment variables (api/config.py) and applied by create_app."""

import pytest

from api import create_app
from api.config import ConfigurationError, load_config


def test_valeurs_par_defaut():
    config = load_config({})
    assert config["PORT"] == 5000
    assert config["WORKERS"] == 2
    assert config["HOST"] == "127.0.0.1"
    assert config["MAX_PERSONNES"] == 500_000
    assert config["MAX_CONTENT_LENGTH"] == 64 * 1024 * 1024
    assert config["MEMOIRE_REQUETE"] == 640 * 1024 * 1024
    assert config["CORS_ORIGINS"] == ()


def test_lecture_de_l_environnement():
    config = load_config(
        {
            "PORT": "8080",
            "CPA_WORKERS": "4",
            "CPA_MAX_CONTENT_LENGTH": "1_000_000",
            "CPA_MAX_PERSONNES": "10",
            "CPA_MAX_PERIODES": "20",
            "CPA_CORS_ORIGINS": "https://portail.example, https://recette.example",
        }
    )
    assert (config["PORT"], config["WORKERS"], config["MAX_CONTENT_LENGTH"]) == (8080, 4, 1_000_000)
    assert (config["MAX_PERSONNES"], config["MAX_PERIODES"]) == (10, 20)
    assert config["CORS_ORIGINS"] == ("https://portail.example", "https://recette.example")


@pytest.mark.parametrize(("variable", "valeur"), [("CPA_WORKERS", "deux"), ("CPA_MAX_PERSONNES", "0"), ("PORT", "-1")])
def test_valeur_invalide(variable, valeur):
    with pytest.raises(ConfigurationError, match=variable):
        load_config({variable: valeur})


def test_limites_appliquees_par_la_fabrique(systeme, monkeypatch):
    monkeypatch.setenv("CPA_MAX_PERSONNES", "2")
    app = create_app(systeme)
    assert app.config["MAX_PERSONNES"] == 2
    reponse = app.test_client().post("/calculate/population", json={"count": 3, "output": {"cpf_solde": ["2024"]}})
    assert reponse.status_code == 413
    # La configuration passée à la fabrique l'emporte sur l'environnement.
    assert create_app(systeme, {"MAX_PERSONNES": 7}).config["MAX_PERSONNES"] == 7


def test_cors_desactive_par_defaut(client):
    reponse = client.get("/health", headers={"Origin": "https://portail.example"})
    assert "Access-Control-Allow-Origin" not in reponse.headers


def test_cors_sur_demande(systeme):
    client = create_app(systeme, {"CORS_ORIGINS": ("https://portail.example",)}).test_client()
    reponse = client.get("/health", headers={"Origin": "https://portail.example"})
    assert reponse.headers["Access-Control-Allow-Origin"] == "https://portail.example"
    autre = client.get("/health", headers={"Origin": "https://ailleurs.example"})
    assert "Access-Control-Allow-Origin" not in autre.headers


def test_liens_source_avec_l_url_du_depot(systeme):
    app = create_app(systeme, {"REPOSITORY_URL": "https://git.example/openfisca-cpa"})
    variable = app.test_client().get("/variable/cpf_solde").get_json()
    assert variable["source"].startswith("https://git.example/openfisca-cpa/blob/")


def test_calculs_sans_flask():
    """Les modules de calcul s'importent sans Flask (pour les économistes, hors serveur)."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys; import api.compute, api.releve, api.population; assert 'flask' not in sys.modules"
    racine = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=racine, check=True)
