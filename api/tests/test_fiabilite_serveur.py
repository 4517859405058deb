"""Vrai serveur gunicorn sur 127.0.0.1 : charge soutenue, processus de travail tué, démarrage refusé.

Formes courtes (CI) ; formes longues : `python -m fiabilite.charge --duree 300 --debit 20` et
`python -m fiabilite.charge --duree 60 --debit 20 --tuer-worker-a 30` (voir fiabilite/README.md).
"""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from fiabilite import charge
from fiabilite.serveur import GUNICORN, RACINE, Serveur, port_libre

MELANGE = {"calcul": 60, "releve": 25, "population": 15}


@pytest.mark.serveur
def test_charge_sans_erreur(tmp_path):
    """Une centaine de requêtes mêlées (calcul, relevé, population) : aucune erreur, rien de journalisé.

    Seul le comportement est vérifié ; le débit servi, les latences et la pente de la mémoire
    dépendent de la machine et se mesurent avec `make charge` (rapport JSON), jamais dans un test.
    """
    rapport = charge.lancer(
        None,
        duree=10,
        debit=10,
        melange=MELANGE,
        personnes=1000,
        echantillon=1,
        relances=0,
        journal=tmp_path / "gunicorn.log",
    )
    print(charge.afficher(rapport))
    assert rapport["erreurs"] == 0, rapport["detail_erreurs"]
    assert rapport["requetes_envoyees"] == rapport["requetes_prevues"] == 100
    assert set(rapport["par_type"]) == set(MELANGE)
    assert rapport["serveur"]["erreurs_internes_journalisees"] == 0
    assert rapport["serveur"]["code_arret"] == 0


@pytest.mark.serveur
def test_processus_de_travail_tue_pendant_la_charge(tmp_path):
    """SIGKILL d'un processus de travail : gunicorn le remplace ; seules les requêtes qu'il tenait échouent.

    Un processus gthread tient au plus CPA_THREADS connexions (4 par défaut, `worker_connections`) :
    au plus autant de requêtes en cours sont perdues (RemoteDisconnected) ; relancées une fois
    (requêtes sans effet de bord), elles aboutissent. Les échecs au premier essai sont comptés et
    affichés, pas cachés.
    """
    rapport = charge.lancer(
        None,
        duree=10,
        debit=15,
        melange=MELANGE,
        personnes=1000,
        echantillon=1,
        relances=1,
        tuer_worker_a=4,
        journal=tmp_path / "gunicorn.log",
    )
    print(charge.afficher(rapport))
    panne = rapport["panne"]
    assert panne["pid_tue"] in panne["avant"]
    assert panne["remplace_par"], panne  # remplacé avant la fin de l'attente (30 s, filet de sécurité)
    assert len(panne["apres"]) == 2 and panne["pid_tue"] not in panne["apres"]
    assert rapport["echecs_premier_essai"] <= 4, rapport["detail_echecs_premier_essai"]
    assert rapport["erreurs"] == 0, rapport["detail_erreurs"]
    assert rapport["requetes_envoyees"] == rapport["requetes_prevues"]


def _demarrer(parametres: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    environnement = {
        **{nom: valeur for nom, valeur in os.environ.items() if not nom.startswith("CPA_")},
        "PORT": str(port_libre()),
        "CPA_HOST": "127.0.0.1",
        "CPA_WORKERS": "1",
        "CPA_PARAMETRES_DIR": str(parametres),
    }
    return subprocess.run(
        [str(GUNICORN), "-c", "api/gunicorn.conf.py"],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
    )


def _copie(tmp_path: Path) -> Path:
    dossier = tmp_path / "parameters"
    shutil.copytree(RACINE / "openfisca_cpa" / "parameters", dossier)
    return dossier


def _remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")


def _valeur_en_texte(dossier: Path, _marqueur: Path) -> str:
    _remplacer(dossier / "cpf" / "intermittents" / "cachets_artistes.yaml", "value: 70", "value: soixante-dix")
    return "cachets_artistes.yaml:15:12"


def _fichier_manquant(dossier: Path, _marqueur: Path) -> str:
    (dossier / "cpf" / "euros" / "salarie" / "plafond.yaml").unlink()
    return "metadata.order cite « plafond »"


def _fichier_manquant_et_oublie(dossier: Path, _marqueur: Path) -> str:
    """Le fichier et sa mention dans index.yaml ont disparu : la vérification passe, l'auto-contrôle non."""
    (dossier / "cpf" / "euros" / "salarie" / "plafond.yaml").unlink()
    _remplacer(dossier / "cpf" / "euros" / "salarie" / "index.yaml", "    - plafond\n", "")
    # La première variable (par ordre alphabétique) qui lit ce plafond est nommée : cec_solde_disponible depuis le
    # plan de financement (les achats lisent le solde du CPF) ; le paramètre manquant est toujours cité.
    return "le modèle ne sait pas calculer cec_solde_disponible pour"


def _balise_python(dossier: Path, marqueur: Path) -> str:
    _remplacer(
        dossier / "cpf" / "intermittents" / "cachets_artistes.yaml",
        "value: 70",
        f'value: !!python/object/apply:os.system ["touch {marqueur}"]',
    )
    return "cachets_artistes.yaml"


def _dossier_absent(dossier: Path, _marqueur: Path) -> str:
    shutil.rmtree(dossier)
    return "dossier de paramètres introuvable"


@pytest.mark.serveur
@pytest.mark.parametrize(
    "casser", [_valeur_en_texte, _fichier_manquant, _fichier_manquant_et_oublie, _balise_python, _dossier_absent]
)
def test_demarrage_refuse_avec_un_message_en_francais(tmp_path, casser):
    dossier = _copie(tmp_path)
    marqueur = tmp_path / "code-execute"
    attendu = casser(dossier, marqueur)
    resultat = _demarrer(dossier, tmp_path)
    sortie = resultat.stdout + resultat.stderr
    assert resultat.returncode != 0, sortie
    assert "Error: L'API ne démarre pas" in sortie, sortie
    assert attendu in sortie, sortie
    assert "Traceback" not in sortie, sortie
    assert "Booting worker" not in sortie  # refusé avant de servir quoi que ce soit
    assert not marqueur.exists()  # une balise YAML n'exécute jamais de code


@pytest.mark.serveur
@pytest.mark.parametrize(("variable", "valeur"), [("CPA_WORKERS", "deux"), ("CPA_BUDGET_CALCUL", "-5")])
def test_demarrage_refuse_sur_une_variable_d_environnement_invalide(variable, valeur):
    environnement = {nom: v for nom, v in os.environ.items() if not nom.startswith("CPA_")}
    environnement.update({"PORT": str(port_libre()), variable: valeur})
    resultat = subprocess.run(
        [str(GUNICORN), "-c", "api/gunicorn.conf.py"],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
        check=False,
    )
    sortie = resultat.stdout + resultat.stderr
    assert resultat.returncode == 1, sortie
    assert f"Error: L'API ne démarre pas : {variable} doit être" in sortie, sortie
    assert "Traceback" not in sortie, sortie


@pytest.mark.serveur
def test_requetes_http_malformees_sans_trace(tmp_path):
    """Ce que gunicorn refuse lui-même (avant Flask) ne donne ni trace ni chemin du serveur."""
    with Serveur(workers=1, journal=tmp_path / "gunicorn.log") as serveur:
        for brut in (
            b"GARBAGE\r\n\r\n",
            b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /calculate HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        ):
            with socket.create_connection(("127.0.0.1", serveur.port), timeout=60) as prise:
                prise.sendall(brut)
                reponse = prise.recv(65536).decode("latin-1")
            assert reponse.startswith("HTTP/1.1 4"), reponse[:200]
            assert "Traceback" not in reponse and str(RACINE) not in reponse and "site-packages" not in reponse
        # Le serveur sert toujours.
        with socket.create_connection(("127.0.0.1", serveur.port), timeout=60) as prise:
            prise.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert prise.recv(65536).startswith(b"HTTP/1.1 200")


@pytest.mark.serveur
@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium absent (apt-get install -y chromium)")
def test_la_csp_des_pages_ne_bloque_rien_dans_un_vrai_navigateur(tmp_path):
    """Chromium charge les pages du navigateur sous leur Content-Security-Policy sans aucune violation."""
    with Serveur(workers=1, journal=tmp_path / "gunicorn.log") as serveur:
        for adresse in (
            "/navigateur/",
            "/navigateur/parametres/cpf.euros.salarie.plafond",
            "/navigateur/variables/cpf_solde",
        ):
            resultat = subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profil'}",
                    "--enable-logging=stderr",
                    "--v=0",
                    "--dump-dom",
                    serveur.url + adresse,
                ],
                capture_output=True,
                text=True,
                timeout=180,
                check=True,
            )
            assert "</html>" in resultat.stdout, adresse
            violations = [ligne for ligne in resultat.stderr.splitlines() if "Content Security Policy" in ligne]
            assert violations == [], violations
        # La feuille de style a bien été demandée et servie.
        assert '"GET /navigateur/static/navigateur.css HTTP/1.1" 200' in serveur.lire_journal()


@pytest.mark.serveur
def test_delai_de_calcul_sous_gunicorn(tmp_path):
    """Sous gunicorn (fils gthread : minuteur d'api/minuteur.py), un calcul trop long est interrompu : 503 JSON, processus intact."""
    import http.client
    import json

    from openfisca_cpa import CountryTaxBenefitSystem

    systeme = CountryTaxBenefitSystem()
    sorties = {
        nom: ["2100"] for nom, v in systeme.variables.items() if v.formulas and str(v.definition_period) == "year"
    }
    corps = json.dumps({"count": 50_000, "output": sorties})
    environnement = {"CPA_DELAI_CALCUL": "1", "CPA_BUDGET_CALCUL": "0", "CPA_MEMOIRE_REQUETE": "0"}
    with Serveur(workers=1, environnement=environnement, journal=tmp_path / "gunicorn.log") as serveur:
        processus = serveur.processus()
        connexion = http.client.HTTPConnection("127.0.0.1", serveur.port, timeout=120)
        connexion.request("POST", "/calculate/population", body=corps, headers={"Content-Type": "application/json"})
        reponse = connexion.getresponse()
        erreur = json.loads(reponse.read())["error"]
        connexion.close()
        assert (reponse.status, erreur["code"]) == (503, "delai_depasse")
        assert "CPA_DELAI_CALCUL" in erreur["message"]
        # Le même processus de travail sert la requête suivante : rien n'a été tué ni redémarré.
        connexion = http.client.HTTPConnection("127.0.0.1", serveur.port, timeout=30)
        connexion.request("GET", "/health")
        assert connexion.getresponse().status == 200
        connexion.close()
        assert serveur.processus() == processus
        assert serveur.lire_journal().count("Booting worker") == 1
