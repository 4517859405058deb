"""A real server: gunicorn started with api/gunicorn.conf.py in a subprocess, called over HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from openapi_spec_validator import validate

RACINE = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def port_libre():
    with socket.socket() as prise:
        prise.bind(("127.0.0.1", 0))
        return prise.getsockname()[1]


def appeler(url, corps=None, methode=None, entetes=None):
    donnees = json.dumps(corps).encode() if corps is not None else None
    requete = urllib.request.Request(url, data=donnees, method=methode, headers=entetes or {})
    if donnees is not None:
        requete.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(requete, timeout=120) as reponse:
            return reponse.status, dict(reponse.headers), json.loads(reponse.read())
    except urllib.error.HTTPError as erreur:
        with erreur:
            return erreur.code, dict(erreur.headers), json.loads(erreur.read())


@pytest.fixture(scope="module")
def serveur(tmp_path_factory):
    port = port_libre()
    journal = tmp_path_factory.mktemp("gunicorn") / "journal.txt"
    environnement = {**os.environ, "PORT": str(port), "CPA_WORKERS": "1", "CPA_MAX_PERSONNES": "1000"}
    with journal.open("w") as sortie:
        processus = subprocess.Popen(
            [str(GUNICORN), "-c", "api/gunicorn.conf.py"],
            cwd=RACINE,
            env=environnement,
            stdout=sortie,
            stderr=subprocess.STDOUT,
        )
    adresse = f"http://127.0.0.1:{port}"
    debut = time.monotonic()
    try:
        while True:
            try:
                if appeler(f"{adresse}/health")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            # Filet de sécurité généreux : la durée de démarrage se mesure (fiabilite), elle ne se teste pas.
            if processus.poll() is not None or time.monotonic() - debut > 180:
                pytest.fail(f"gunicorn n'a pas démarré :\n{journal.read_text()}")
            time.sleep(0.1)
        yield adresse
    finally:
        processus.terminate()
        processus.wait(timeout=30)


@pytest.mark.serveur
def test_demarrage(serveur):
    statut, _, _ = appeler(f"{serveur}/health")
    assert statut == 200


@pytest.mark.serveur
def test_calcul_par_http(serveur):
    adresse = serveur
    situation = {"individus": {"a": {"heures_travaillees": {"2024": 1607}, "cpf_alimentation": {"2024": None}}}}
    statut, entetes, corps = appeler(f"{adresse}/calculate", situation)
    assert statut == 200
    assert corps["individus"]["a"]["cpf_alimentation"] == {"2024": 500.0}
    assert entetes["Country-Package"] == "openfisca-cpa"


@pytest.mark.serveur
def test_spec_par_http(serveur):
    adresse = serveur
    statut, _, spec = appeler(f"{adresse}/spec")
    assert statut == 200
    validate(spec)
    assert spec["servers"][0]["url"] == adresse


@pytest.mark.serveur
def test_erreurs_par_http(serveur):
    adresse = serveur
    assert appeler(f"{adresse}/inconnu")[2]["error"]["code"] == "route_inconnue"
    assert appeler(f"{adresse}/calculate", methode="GET")[0] == 405
    statut, _, corps = appeler(f"{adresse}/calculate/population", {"count": 1001, "output": {"cpf_solde": ["2024"]}})
    assert (statut, corps["error"]["code"]) == (413, "trop_de_personnes")
