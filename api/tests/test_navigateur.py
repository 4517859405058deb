"""Navigateur des paramètres et des variables : pages HTML, puis un vrai navigateur (Chromium sans écran).

Le test Chromium est sauté proprement si `chromium` n'est pas installé
(CI : `apt-get update && apt-get install -y chromium`).
"""

import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
if str(RACINE) not in sys.path:  # l'application `api/` n'est pas installée : elle tourne depuis la racine du dépôt
    sys.path.insert(0, str(RACINE))

from flask import Flask  # noqa: E402

from api.routes import navigateur  # noqa: E402
from openfisca_cpa import CountryTaxBenefitSystem  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def application(systeme):
    """L'application de l'API (api.create_app) avec le navigateur branché."""
    from api import create_app

    app = create_app(systeme)
    if "navigateur" not in app.blueprints:
        navigateur.enregistrer(app)
    app.config["TESTING"] = True
    return app


@pytest.fixture(scope="module")
def client():
    return application(CountryTaxBenefitSystem()).test_client()


def page(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200, url
    assert reponse.mimetype == "text/html"
    return reponse.get_data(as_text=True)


def test_arbre_des_parametres_dans_l_ordre_des_index(client):
    html = page(client, "/navigateur/")
    assert '<html lang="fr">' in html
    # Dispositifs dans l'ordre de parameters/index.yaml, puis fonctions juridiques dans celui de cpf/index.yaml.
    cpf = CountryTaxBenefitSystem().parameters.cpf
    liens = re.findall(r'href="/navigateur/parametres/cpf\.([a-z_]+)"', html)
    assert liens[: len(cpf.metadata["order"])] == cpf.metadata["order"]
    assert html.index(">Commun</a>") < html.index(">CPF</a>")
    assert 'href="/navigateur/parametres/cpf.euros.salarie.credit_annuel">Montant annuel</a>' in html
    assert '<span class="valeur">500 €</span>' in html


def test_page_d_un_parametre(client):
    html = page(client, "/navigateur/parametres/commun.smic_horaire?date=2026-11-29")
    assert "<h1>SMIC horaire brut</h1>" in html
    assert "<strong>12,02 €</strong> depuis le 01/01/2026" in html
    # Graphique SVG en ligne, généré par le serveur.
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert svg.get("role") == "img"
    assert len(svg.findall(f"{SVG}circle")) == 16
    # Tableau de l'historique, du plus récent au plus ancien, avec les références en liens.
    lignes = re.findall(r'<td class="date">(\d\d/\d\d/\d{4})</td>', html)
    assert lignes[0] == "01/01/2026"
    assert (
        '<a href="https://www.legifrance.gouv.fr/eli/decret/2025/12/17/2025-1228/jo/texte" rel="noopener">'
        "Décret n° 2025-1228 du 17 décembre 2025 portant relèvement du salaire minimum de croissance</a>"
    ) in html
    assert '<td class="date">18/12/2025</td>' in html  # date du Journal officiel


def test_page_d_un_noeud(client):
    html = page(client, "/navigateur/parametres/cpf.euros")
    assert "<h1>Régime en euros</h1>" in html
    assert 'href="/navigateur/parametres/cpf">CPF</a>' in html  # fil d'Ariane
    assert html.index("Salarié") < html.index("Peu qualifié")


def test_pages_des_variables(client):
    html = page(client, "/navigateur/variables/")
    assert 'href="/navigateur/variables/cpf_solde"><code>cpf_solde</code></a>' in html
    html = page(client, "/navigateur/variables/cpf_alimentation_salarie")
    assert "Alimentation du CPF au titre de l&#39;activité salariée" in html
    assert "<dt>Unité</dt><dd>euros <code>currency-EUR</code></dd>" in html
    assert "<dt>Période</dt><dd>année</dd>" in html
    assert "<h3>À partir du 01/01/2019</h3>" in html
    assert "def formula_2019_01_01(individu, period, parameters):" in html
    assert 'href="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641"' in html
    assert 'href="/navigateur/parametres/cpf.euros.salarie.credit_annuel"' in html  # paramètre lu par la formule


def test_introuvable_propose_les_noms_proches(client):
    reponse = client.get("/navigateur/parametres/cpf.euro.salarie.plafond")
    assert reponse.status_code == 404
    assert 'href="/navigateur/parametres/cpf.euros.salarie.plafond"' in reponse.get_data(as_text=True)
    reponse = client.get("/navigateur/variables/cpf_sold")
    assert reponse.status_code == 404
    assert 'href="/navigateur/variables/cpf_solde"' in reponse.get_data(as_text=True)


def test_feuille_de_style(client):
    reponse = client.get("/navigateur/static/navigateur.css")
    assert reponse.status_code == 200 and "svg.graphique" in reponse.get_data(as_text=True)
    reponse.close()


def test_application_autonome():
    """Sans api.create_app : le système est pris dans app.extensions["tax_benefit_system"]."""
    app = Flask("essai")
    app.extensions[navigateur.CLE_SYSTEME] = CountryTaxBenefitSystem()
    navigateur.enregistrer(app)
    assert app.test_client().get("/navigateur/variables/cpf_solde").status_code == 200


# ----- Vrai navigateur ----- #

SERVEUR = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {racine!r})
    from werkzeug.serving import make_server
    from openfisca_cpa import CountryTaxBenefitSystem
    from api.tests.test_navigateur import application
    serveur = make_server("127.0.0.1", 0, application(CountryTaxBenefitSystem()), threaded=True)
    print(serveur.server_port, flush=True)
    serveur.serve_forever()
    """
)


@pytest.fixture(scope="module")
def adresse():
    processus = subprocess.Popen(
        [sys.executable, "-c", SERVEUR.format(racine=str(RACINE))],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=RACINE,
    )
    try:
        port = processus.stdout.readline().strip()
        assert port.isdigit(), "le serveur de test n'a pas démarré"
        yield f"http://127.0.0.1:{port}"
    finally:
        processus.terminate()
        processus.wait(timeout=60)
        processus.stdout.close()


def chromium(*options, profil):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    commande = [
        executable,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={profil}",
        *options,
    ]
    return subprocess.run(commande, capture_output=True, text=True, timeout=180, check=True)


@pytest.mark.serveur
@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="chromium absent (apt-get install -y chromium)",
)
def test_dans_un_vrai_navigateur(adresse, tmp_path):
    url = f"{adresse}/navigateur/parametres/cpf.euros.salarie.plafond"
    dom = chromium("--dump-dom", url, profil=tmp_path / "profil").stdout
    assert "<h1>Plafond</h1>" in dom
    assert "<svg" in dom and 'class="courbe"' in dom
    assert re.search(r'<td class="nombre">5\s000 €</td>', dom)
    assert 'href="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641"' in dom
    # La feuille de style est chargée par le navigateur (le titre de la page vient du gabarit).
    assert "<title>Plafond — Compte personnel d'activité</title>" in dom
    capture = tmp_path / "plafond.png"
    chromium("--window-size=1200,1000", f"--screenshot={capture}", url, profil=tmp_path / "profil")
    assert capture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert capture.stat().st_size > 20_000  # une page rendue, pas un écran blanc
