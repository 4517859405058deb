"""Limites et isolement : chaque limite se règle par une variable d'environnement et répond en JSON 4xx/503.

Aussi : en-têtes de sécurité sur toute réponse, CORS fermé par défaut, aucune trace ni chemin du
serveur dans une réponse, YAML lu sans construire d'objets Python, pas de réforme par HTTP.
"""

import re
import signal
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from openfisca_core.periods import YEAR
from openfisca_core.variables import Variable

from api import budget, create_app, delai, securite
from api.config import ConfigurationError, load_config
from openfisca_cpa import CountryTaxBenefitSystem
from openfisca_cpa.entities import Individu

RACINE = Path(__file__).resolve().parents[2]

UNE_PERSONNE = {"individus": {"a": {"heures_travaillees": {"2024": 1607}, "cpf_solde": {"2024": None}}}}


def _erreur(reponse, statut, code):
    assert reponse.status_code == statut, reponse.get_data(as_text=True)
    assert reponse.mimetype == "application/json"
    erreur = reponse.get_json()["error"]
    assert erreur["code"] == code
    assert erreur["message"] and "Traceback" not in erreur["message"]
    return erreur


# --- Chaque limite, réglée par sa variable d'environnement ---

POPULATION_3 = {"count": 3, "output": {"cpf_solde": ["2024"]}}
SITUATION_3 = {"individus": {f"p{i}": {"cpf_solde": {"2024": None}} for i in range(3)}}
TROIS_PERIODES = {"individus": {"a": {"cpf_solde": {"2022": None, "2023": None, "2024": None}}}}

CARRIERE = {
    "individus": {"a": {"heures_travaillees": {str(a): 1607 for a in range(2015, 2025)}, "cpf_solde": {"2024": None}}}
}

LIMITES = [
    # (variable, valeur, méthode, route, corps, statut, code)
    ("CPA_MAX_CONTENT_LENGTH", "200", "post", "/calculate", CARRIERE, 413, "corps_trop_volumineux"),
    ("CPA_MAX_PERSONNES", "2", "post", "/calculate/population", POPULATION_3, 413, "trop_de_personnes"),
    ("CPA_MAX_PERSONNES_SITUATION", "2", "post", "/calculate", SITUATION_3, 413, "trop_de_personnes"),
    ("CPA_MAX_PERSONNES_TRACE", "2", "post", "/trace", SITUATION_3, 413, "trop_de_personnes"),
    ("CPA_MAX_PERIODES", "2", "post", "/calculate", TROIS_PERIODES, 413, "trop_de_periodes"),
    ("CPA_MAX_PERIODES", "2", "post", "/releve", {"individu": {}, "debut": 2020, "fin": 2024}, 413, "trop_de_periodes"),
    (
        "CPA_MAX_PERIODES",
        "2",
        "post",
        "/projection",
        {"individu": {}, "derniere_annee_connue": 2024, "jusqu_a": 2030},
        413,
        "trop_de_periodes",
    ),
    (
        "CPA_BUDGET_CALCUL",
        "1000",
        "post",
        "/calculate/population",
        POPULATION_3 | {"count": 100},
        413,
        "calcul_trop_couteux",
    ),
    ("CPA_BUDGET_CALCUL", "100", "post", "/calculate", SITUATION_3, 413, "calcul_trop_couteux"),
    ("CPA_BUDGET_CALCUL", "100", "post", "/trace", SITUATION_3, 413, "calcul_trop_couteux"),
]


@pytest.mark.parametrize(("variable", "valeur", "methode", "route", "corps", "statut", "code"), LIMITES)
def test_chaque_limite_par_variable_d_environnement(
    systeme, monkeypatch, variable, valeur, methode, route, corps, statut, code
):
    monkeypatch.setenv(variable, valeur)
    client = create_app(systeme).test_client()
    erreur = _erreur(getattr(client, methode)(route, json=corps), statut, code)
    assert variable in erreur["message"]
    # Sans la variable, la même requête passe.
    monkeypatch.delenv(variable)
    assert getattr(create_app(systeme).test_client(), methode)(route, json=corps).status_code == 200


def test_nouvelles_variables_lues_et_verifiees():
    config = load_config({"CPA_BUDGET_CALCUL": "1_000", "CPA_DELAI_CALCUL": "0", "CPA_PARAMETRES_DIR": "/tmp/p"})
    assert (config["BUDGET_CALCUL"], config["DELAI_CALCUL"], config["PARAMETRES_DIR"]) == (1000, 0, "/tmp/p")
    defauts = load_config({})
    assert (defauts["BUDGET_CALCUL"], defauts["DELAI_CALCUL"], defauts["PARAMETRES_DIR"]) == (500_000_000, 60, "")
    for variable, valeur in (("CPA_BUDGET_CALCUL", "-1"), ("CPA_DELAI_CALCUL", "une minute")):
        with pytest.raises(ConfigurationError, match=variable):
            load_config({variable: valeur})


# --- Budget de calcul (estimation avant calcul) ---


def test_budget_refuse_avant_de_calculer(client, monkeypatch):
    """Un million de personnes jusqu'en 2100 (des gigaoctets) : refusé avant toute simulation."""
    from api import population

    def interdit(*_args, **_kwargs):
        raise AssertionError("le budget aurait dû refuser avant de construire la simulation")

    monkeypatch.setattr(population, "calculate_columns", interdit)
    reponse = client.post("/calculate/population", json={"count": 400_000, "output": {"cpf_solde": ["2100"]}})
    erreur = _erreur(reponse, 413, "calcul_trop_couteux")
    assert erreur["path"] == "output"
    assert "CPA_BUDGET_CALCUL" in erreur["message"] and "Découpez" in erreur["message"]
    assert erreur["received"] > 500_000_000


def test_budget_laisse_passer_le_banc_d_essai_du_readme(systeme):
    """1 000 000 de personnes, cpf_solde en 2026 (api/README.md, Mesures) reste sous le budget par défaut."""
    modele = budget.cost_model(systeme)
    solde = systeme.variables["cpf_solde"]
    from openfisca_core import periods

    cout = modele.estimate(1_000_000, [(solde, periods.period("2026"))])
    assert cout < load_config({})["BUDGET_CALCUL"] < modele.estimate(1_000_000, [(solde, periods.period("2100"))])
    # L'estimation croît avec les personnes, l'horizon et les variables demandées.
    un = modele.estimate(10, [(solde, periods.period("2030"))])
    assert un < modele.estimate(20, [(solde, periods.period("2030"))])
    assert un < modele.estimate(10, [(solde, periods.period("2040"))])
    assert un < modele.estimate(
        10, [(solde, periods.period("2030")), (systeme.variables["cec_solde"], periods.period("2030"))]
    )
    # La chaîne de cpf_solde lit les heures travaillées, et commence en 2015.
    assert "heures_travaillees" in modele.closure("cpf_solde") and modele.first_year_of(["cpf_solde"]) == 2015


# --- Délai de calcul par requête ---


class essai_lent(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    label = "Essai : calcul de 60 secondes"

    def formula(individu, period):
        ESSAI_LENT["commence"] += 1
        time.sleep(60)  # bien au-delà du délai de 3 s : seule l'interruption peut rendre la main
        ESSAI_LENT["termine"] += 1
        return np.zeros(individu.count)


ESSAI_LENT = {"commence": 0, "termine": 0}


@pytest.fixture(scope="module")
def systeme_lent():
    systeme = CountryTaxBenefitSystem()
    systeme.add_variable(essai_lent)
    return systeme


def test_delai_depasse_en_503_json(systeme_lent, monkeypatch):
    # 3 s : une marge large pour le calcul d'une personne qui suit, même sur une machine chargée.
    monkeypatch.setenv("CPA_DELAI_CALCUL", "3")
    client = create_app(systeme_lent).test_client()
    ESSAI_LENT.update(commence=0, termine=0)
    reponse = client.post("/calculate", json={"individus": {"a": {"essai_lent": {"2024": None}}}})
    erreur = _erreur(reponse, 503, "delai_depasse")
    # La formule a commencé puis a été interrompue : le délai a joué, quelle que soit la vitesse de la machine.
    assert ESSAI_LENT == {"commence": 1, "termine": 0}
    assert "3 s (CPA_DELAI_CALCUL)" in erreur["message"]
    assert reponse.headers["Cache-Control"] == "no-store"
    # Le minuteur est désarmé : les requêtes suivantes passent, et aucun signal ne part plus tard.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert client.post("/calculate", json=UNE_PERSONNE).status_code == 200
    time.sleep(1.2)
    assert client.get("/health").status_code == 200


def test_delai_ramene_sous_le_timeout_de_gunicorn():
    assert delai.effective_deadline(60, 120) == 60
    assert delai.effective_deadline(200, 120) == 119
    assert delai.effective_deadline(0, 120) == 0


# --- En-têtes de sécurité ---


@pytest.mark.parametrize(
    ("methode", "adresse", "corps", "html", "cache"),
    [
        ("get", "/", None, False, securite.CACHE_DOCUMENTATION),
        ("get", "/spec", None, False, securite.CACHE_DOCUMENTATION),
        ("get", "/variable/cpf_solde", None, False, securite.CACHE_DOCUMENTATION),
        ("get", "/health", None, False, "no-store"),
        ("post", "/calculate", UNE_PERSONNE, False, "no-store"),
        ("post", "/releve", {"individu": {}, "debut": 2020, "fin": 2021}, False, "no-store"),
        ("get", "/inconnue", None, False, "no-store"),
        ("put", "/calculate", None, False, "no-store"),
        ("post", "/calculate", {"individus": {"a": {"heures_travaillees": {"2024": -1}}}}, False, "no-store"),
        ("get", "/navigateur/", None, True, securite.CACHE_DOCUMENTATION),
        ("get", "/navigateur/parametres/cpf.euros.salarie.plafond", None, True, securite.CACHE_DOCUMENTATION),
        ("get", "/navigateur/variables/inconnue", None, True, "no-store"),
        ("get", "/navigateur/static/navigateur.css", None, False, "no-cache"),
    ],
)
def test_en_tetes_de_securite_sur_chaque_reponse(client, methode, adresse, corps, html, cache):
    reponse = getattr(client, methode)(adresse, json=corps) if corps is not None else getattr(client, methode)(adresse)
    entetes = reponse.headers
    assert entetes["X-Content-Type-Options"] == "nosniff"
    assert entetes["Referrer-Policy"] == "no-referrer"
    assert entetes["X-Frame-Options"] == "DENY"
    csp = entetes["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert csp == (securite.CSP_HTML if html else securite.CSP_JSON)
    assert entetes["Cache-Control"] == cache
    assert (reponse.mimetype == "text/html") == html
    reponse.close()  # le fichier statique est servi par un flux à fermer


def test_les_pages_html_n_ont_ni_script_ni_style_en_ligne(client):
    """La CSP des pages (style-src 'self', pas de script) suffit : rien d'en ligne à autoriser."""
    for adresse in (
        "/navigateur/",
        "/navigateur/parametres/cpf.euros.salarie.plafond",
        "/navigateur/variables/cpf_solde",
    ):
        html = client.get(adresse).get_data(as_text=True)
        assert "<script" not in html and " style=" not in html and "<style" not in html, adresse
        assert re.search(r'<link rel="stylesheet" href="/navigateur/static/navigateur\.css', html)


def test_cors_ferme_par_defaut_et_limite_aux_origines_configurees(systeme, client):
    preflight = {"Origin": "https://ailleurs.example", "Access-Control-Request-Method": "POST"}
    assert "Access-Control-Allow-Origin" not in client.options("/calculate", headers=preflight).headers
    ouvert = create_app(systeme, {"CORS_ORIGINS": ("https://portail.example",)}).test_client()
    assert "Access-Control-Allow-Origin" not in ouvert.options("/calculate", headers=preflight).headers
    permis = ouvert.options("/calculate", headers=preflight | {"Origin": "https://portail.example"})
    assert permis.headers["Access-Control-Allow-Origin"] == "https://portail.example"


# --- Aucune trace ni chemin du serveur dans une réponse ---


class essai_panne_chemin(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    label = "Essai : lève une exception qui cite un fichier du serveur"

    def formula(individu, period):
        raise RuntimeError(f"panne dans {__file__} ligne 1")


@pytest.fixture(scope="module")
def app_en_panne():
    systeme = CountryTaxBenefitSystem()
    systeme.add_variable(essai_panne_chemin)
    app = create_app(systeme)

    @app.get("/panne")
    def panne():
        raise KeyError(str(RACINE / "api" / "secret.py"))

    return app


@pytest.mark.parametrize(
    ("methode", "adresse", "corps"),
    [
        ("get", "/panne", None),
        ("post", "/calculate", {"individus": {"a": {"essai_panne_chemin": {"2024": None}}}}),
        ("post", "/trace", {"individus": {"a": {"essai_panne_chemin": {"2024": None}}}}),
        ("post", "/calculate/population", {"count": 2, "output": {"essai_panne_chemin": ["2024"]}}),
    ],
)
def test_erreur_interne_generique_sans_trace_ni_chemin(app_en_panne, methode, adresse, corps, caplog):
    client = app_en_panne.test_client()
    reponse = client.get(adresse) if corps is None else client.post(adresse, json=corps)
    erreur = _erreur(reponse, 500, "erreur_interne")
    texte = reponse.get_data(as_text=True)
    for indice in ("Traceback", str(RACINE), "/work", ".py", "secret", "RuntimeError", "KeyError", 'File "'):
        assert indice not in texte, indice
    assert erreur["path"] is None and erreur["received"] is None
    # La trace complète est dans le journal du serveur, pas dans la réponse.
    assert "Erreur non prévue" in caplog.text


def test_aucune_reponse_d_erreur_ne_cite_un_chemin_du_serveur(client):
    for reponse in (
        client.get("/inconnue/../../etc/passwd"),
        client.post("/calculate", data=b"\xff\xfe", content_type="application/json"),
        client.post("/calculate/population", data=b"PAR1\x00\x00", content_type="application/vnd.apache.parquet"),
        client.post("/calculate/population?output=cpf_solde@2024", data=b"a,b\n1", content_type="text/csv"),
        client.get("/navigateur/static/../../api/__init__.py"),
    ):
        texte = reponse.get_data(as_text=True)
        assert reponse.status_code < 500
        assert str(RACINE) not in texte and "Traceback" not in texte and "site-packages" not in texte


# --- YAML lu sans construire d'objets Python ---

YAML_DANGEREUX = re.compile(
    r"yaml\.(unsafe_load|full_load)\(|Loader\s*=\s*(yaml\.)?(Loader|FullLoader|UnsafeLoader|CLoader|CFullLoader|CUnsafeLoader)\b|yaml\.load\((?![^)]*SafeLoader)"
)


def test_aucun_chargement_yaml_dangereux_dans_l_api_et_les_outils_de_fiabilite():
    fichiers = [*RACINE.glob("api/*.py"), *RACINE.glob("api/routes/*.py"), *RACINE.glob("fiabilite/*.py")]
    assert len(fichiers) > 20
    fautifs = [str(f) for f in fichiers if YAML_DANGEREUX.search(f.read_text(encoding="utf-8"))]
    assert fautifs == [], fautifs


def test_openfisca_lit_les_parametres_avec_le_chargeur_sur():
    from openfisca_core.parameters import config

    securite.proteger_yaml_openfisca()
    securite.proteger_yaml_openfisca()  # idempotent
    # Le constructeur sûr de PyYAML, pas le constructeur complet (qui bâtit des objets Python).
    assert issubclass(config.Loader, yaml.constructor.SafeConstructor)
    assert not issubclass(config.Loader, yaml.constructor.FullConstructor)
    assert config.Loader.cpa_chargeur_sur
    # Mêmes valeurs que le chargeur d'origine d'openfisca-core (yaml.CLoader, avec ses deux constructeurs).
    origine = yaml.CLoader
    fichiers = sorted((RACINE / "openfisca_cpa" / "parameters").rglob("*.yaml"))
    assert len(fichiers) > 50
    for fichier in fichiers:
        texte = fichier.read_text(encoding="utf-8")
        assert yaml.load(texte, config.Loader) == yaml.load(texte, origine), fichier


def test_une_balise_python_dans_un_parametre_est_refusee_sans_etre_executee(tmp_path):
    import shutil

    from openfisca_cpa.outils.verification import verifier_parametres

    securite.proteger_yaml_openfisca()
    dossier = tmp_path / "parameters"
    shutil.copytree(RACINE / "openfisca_cpa" / "parameters", dossier)
    marqueur = tmp_path / "execute"
    fichier = dossier / "cpf" / "intermittents" / "cachets_artistes.yaml"
    texte = fichier.read_text(encoding="utf-8")
    fichier.write_text(
        texte.replace("value: 70", f'value: !!python/object/apply:os.system ["touch {marqueur}"]'), encoding="utf-8"
    )
    problemes = [p for p in verifier_parametres(dossier) if p.bloquant]
    assert problemes and not marqueur.exists()
    from openfisca_core.parameters import ParameterNode

    with pytest.raises(Exception, match="python/object/apply"):
        ParameterNode("", directory_path=str(dossier))
    assert not marqueur.exists()


# --- Pas de réforme par HTTP ---


def test_aucune_reforme_par_http(app, client):
    regles = {str(regle.rule) for regle in app.url_map.iter_rules()}
    assert not [r for r in regles if "reform" in r.lower()]
    assert not [p for p in client.get("/spec").get_json()["paths"] if "reform" in p.lower()]
    for cle in ("reforms", "reformes", "reforme"):
        reponse = client.post("/calculate", json=UNE_PERSONNE | {cle: {"cpf.euros.salarie.plafond": 0}})
        assert reponse.status_code == 400, cle
