"""Un vrai serveur gunicorn (api/gunicorn.conf.py) démarré pour un essai, sur 127.0.0.1 seulement.

    with Serveur(workers=2) as serveur:
        serveur.url            # http://127.0.0.1:<port libre>
        serveur.processus()    # pids des processus de travail (workers)
        serveur.rss()          # mémoire résidente du maître et de chaque processus de travail

Le serveur écoute toujours sur l'adresse de bouclage (CPA_HOST=127.0.0.1 imposé) ; il est arrêté à la
sortie du bloc (SIGTERM, puis SIGKILL après 30 s).
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psutil

RACINE = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
BOUCLAGE = "127.0.0.1"


class ServeurError(RuntimeError):
    pass


def port_libre() -> int:
    with socket.socket() as prise:
        prise.bind((BOUCLAGE, 0))
        return prise.getsockname()[1]


def verifier_bouclage(url: str) -> tuple[str, int]:
    """(hôte, port) d'une adresse http://…, refusée si elle ne désigne pas cette machine (bouclage)."""
    morceaux = urlsplit(url)
    hote = morceaux.hostname or ""
    try:
        local = hote == "localhost" or ipaddress.ip_address(hote).is_loopback
    except ValueError:
        local = False
    if morceaux.scheme != "http" or not local:
        raise ServeurError(f"{url} : seules les adresses de bouclage (127.0.0.0/8, ::1, localhost) sont permises.")
    return hote, morceaux.port or 80


def obtenir(url: str, chemin: str, delai: float = 5.0) -> int:
    """Statut d'un GET (0 si la connexion échoue)."""
    hote, port = verifier_bouclage(url)
    connexion = http.client.HTTPConnection(hote, port, timeout=delai)
    try:
        connexion.request("GET", chemin)
        reponse = connexion.getresponse()
        reponse.read()
        return reponse.status
    except OSError:
        return 0
    finally:
        connexion.close()


class Serveur:
    """gunicorn -c api/gunicorn.conf.py sur 127.0.0.1:<port>, le temps d'un bloc `with`."""

    def __init__(
        self,
        workers: int = 2,
        environnement: dict[str, str] | None = None,
        journal: Path | None = None,
        delai_demarrage: float = 180.0,
    ):
        self.workers = workers
        self.port = port_libre()
        self.url = f"http://{BOUCLAGE}:{self.port}"
        self.journal = journal or Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        self.delai_demarrage = delai_demarrage
        self.environnement = {
            **os.environ,
            "CPA_LOG_LEVEL": "INFO",
            **(environnement or {}),
            "PORT": str(self.port),
            "CPA_HOST": BOUCLAGE,
            "CPA_WORKERS": str(workers),
        }
        self.processus_maitre: subprocess.Popen | None = None
        self.duree_demarrage: float | None = None

    # --- cycle de vie ---

    def demarrer(self) -> Serveur:
        debut = time.monotonic()
        with self.journal.open("w") as sortie:
            self.processus_maitre = subprocess.Popen(
                [str(GUNICORN), "-c", "api/gunicorn.conf.py"],
                cwd=RACINE,
                env=self.environnement,
                stdout=sortie,
                stderr=subprocess.STDOUT,
            )
        while time.monotonic() - debut < self.delai_demarrage:
            if self.processus_maitre.poll() is not None:
                raise ServeurError(f"gunicorn s'est arrêté au démarrage :\n{self.lire_journal()}")
            if obtenir(self.url, "/health", 2.0) == 200 and len(self.processus()) >= self.workers:
                self.duree_demarrage = time.monotonic() - debut
                return self
            time.sleep(0.1)
        self.arreter()
        raise ServeurError(f"gunicorn n'a pas répondu en {self.delai_demarrage:g} s :\n{self.lire_journal()}")

    def arreter(self) -> int | None:
        processus = self.processus_maitre
        if processus is None or processus.poll() is not None:
            return None if processus is None else processus.returncode
        processus.send_signal(signal.SIGTERM)
        try:
            return processus.wait(timeout=30)
        except subprocess.TimeoutExpired:
            processus.kill()
            return processus.wait(timeout=10)

    def __enter__(self) -> Serveur:
        return self.demarrer()

    def __exit__(self, *exc) -> None:
        self.arreter()

    # --- observation ---

    def lire_journal(self) -> str:
        try:
            return self.journal.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def processus(self) -> list[int]:
        """Les pids des processus de travail (enfants du maître gunicorn)."""
        if self.processus_maitre is None or self.processus_maitre.poll() is not None:
            return []
        try:
            return sorted(enfant.pid for enfant in psutil.Process(self.processus_maitre.pid).children())
        except psutil.Error:
            return []

    def rss(self) -> dict[str, object]:
        """Mémoire résidente (octets) du maître et de chaque processus de travail."""
        mesure: dict[str, object] = {"maitre": None, "workers": {}}
        if self.processus_maitre is None:
            return mesure
        try:
            maitre = psutil.Process(self.processus_maitre.pid)
            mesure["maitre"] = maitre.memory_info().rss
            for enfant in maitre.children():
                try:
                    mesure["workers"][enfant.pid] = enfant.memory_info().rss
                except psutil.Error:
                    continue
        except psutil.Error:
            pass
        return mesure
