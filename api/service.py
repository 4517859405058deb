"""Exploitation du service : disponibilité (/ready), version des paramètres, accès aux calculs.

- **Version des paramètres** : empreinte SHA-256 (12 premiers caractères hexadécimaux) des chemins
  et du contenu de tous les fichiers YAML de l'arbre servi, calculée avant de le charger ; elle est
  servie par `/ready`, l'en-tête `Parametres-Version` et la métrique `cpa_parametres_version`.
- **/ready** : 200 quand le système socio-fiscal et ses paramètres sont chargés et vérifiés
  (`create_app` ne rend l'application qu'ensuite, et gunicorn n'ouvre son port qu'après l'avoir
  construite) ; 503 `service_non_pret` sinon. `/health` reste la sonde de vie, sans calcul.
- **Accès aux calculs** : sous les workers gthread, un processus sert plusieurs requêtes à la fois
  (`CPA_THREADS` fils) ; un client lent n'occupe que son fil, le temps d'envoyer son corps, lu en
  entier *avant* de demander un des `CPA_CALCULS_PAR_PROCESSUS` (1 par défaut) créneaux de calcul
  du processus. La mémoire d'un processus reste donc celle d'un calcul à la fois, comme avec des
  workers synchrones, et un corps envoyé à moitié ne bloque ni /health, ni les autres calculs.
  Un client muet plus de `CPA_DELAI_LECTURE` secondes reçoit 408 `delai_lecture_depasse`.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from api.errors import ApiError

logger = logging.getLogger(__name__)

#: Clé de l'état du service dans app.extensions.
EXTENSION = "cpa_service"
EN_TETE_VERSION = "Parametres-Version"


class ServiceNonPretError(ApiError):
    status = 503
    code = "service_non_pret"


class ServiceOccupeError(ApiError):
    status = 503
    code = "service_occupe"


class DelaiLectureError(ApiError):
    status = 408
    code = "delai_lecture_depasse"


def dossier_parametres(parametres_dir: str = "") -> Path:
    """Le dossier des paramètres servis : CPA_PARAMETRES_DIR, ou ceux du paquet."""
    if parametres_dir:
        return Path(parametres_dir)
    from openfisca_cpa.outils.verification import PARAMETRES

    return Path(PARAMETRES)


def version_parametres(dossier: Path) -> str:
    """Empreinte de l'arbre : SHA-256 des chemins relatifs et du contenu des fichiers YAML, triés."""
    empreinte = hashlib.sha256()
    for fichier in sorted(dossier.rglob("*.yaml")):
        empreinte.update(fichier.relative_to(dossier).as_posix().encode("utf-8") + b"\0")
        empreinte.update(fichier.read_bytes() + b"\0")
    return empreinte.hexdigest()[:12]


class EtatService:
    """Ce que /ready publie, et les créneaux de calcul du processus."""

    def __init__(self, version: str, paquet: str, dossier: Path, calculs: int, attente: float):
        self.version = version
        self.paquet = paquet
        self.dossier = dossier
        self.pret = False
        self.attente = attente
        self._calculs = calculs
        self._creneaux = threading.BoundedSemaphore(calculs)

    def prendre_creneau(self) -> bool:
        return self._creneaux.acquire(timeout=self.attente or None)

    def rendre_creneau(self) -> None:
        self._creneaux.release()


def etat(app) -> EtatService:
    return app.extensions[EXTENSION]


def install(app, version: str, paquet: str, dossier: Path) -> EtatService:
    """Route /ready, en-tête de version, lecture du corps puis créneau de calcul pour chaque POST."""
    from flask import g, request
    from werkzeug.exceptions import ClientDisconnected

    from api.routes.common import read_body

    config = app.config
    attente = float(config.get("DELAI_CALCUL") or 0) or float(config.get("TIMEOUT") or 0)
    etat_ = EtatService(version, paquet, dossier, int(config.get("CALCULS_PAR_PROCESSUS") or 1), attente)
    app.extensions[EXTENSION] = etat_

    @app.before_request
    def lire_puis_attendre():
        if request.method != "POST":
            return
        try:
            read_body()  # en entier, avant le créneau de calcul : un client lent n'attend que lui-même
        except (TimeoutError, ConnectionError, ClientDisconnected):
            raise DelaiLectureError(
                "Le corps de la requête n'est pas arrivé en entier à temps (CPA_DELAI_LECTURE secondes "
                "sans données) : connexion trop lente ou interrompue.",
                expected="un corps envoyé sans interruption",
                received="un corps incomplet",
            ) from None
        if not etat_.prendre_creneau():
            raise ServiceOccupeError(
                f"Tous les créneaux de calcul de ce processus sont restés occupés {etat_.attente:g} s. "
                "Réessayez plus tard.",
                headers={"Retry-After": "5"},
            )
        g.cpa_creneau = True

    @app.teardown_request
    def rendre(_erreur=None):
        if g.pop("cpa_creneau", False):
            etat_.rendre_creneau()

    @app.after_request
    def en_tete_version(response):
        response.headers[EN_TETE_VERSION] = etat_.version
        return response

    return etat_


def recharger(arbitre) -> bool:
    """Crochet `on_reload` de gunicorn (SIGHUP), dans le maître : construire et vérifier, puis servir.

    L'application est reconstruite depuis les fichiers (vérification `fichier:ligne:colonne`, puis
    chaque variable calculée une fois) avant que gunicorn ne crée les nouveaux processus, qui en
    héritent par fork. Si l'arbre est invalide, l'ancienne application reste celle que les nouveaux
    processus reçoivent : le serveur continue de servir les paramètres précédents.
    """
    from api import DemarrageImpossibleError, create_app, metriques

    ancienne = arbitre.app.callable
    ancienne_version = ancienne.extensions[EXTENSION].version if ancienne is not None else None
    try:
        nouvelle = create_app()
    except DemarrageImpossibleError as erreur:
        metriques.RECHARGEMENTS.labels(resultat="refuse").inc()
        arbitre.log.error(
            "Rechargement refusé, les paramètres %s restent servis. %s", ancienne_version, str(erreur).strip()
        )
        return False
    except Exception:
        metriques.RECHARGEMENTS.labels(resultat="refuse").inc()
        arbitre.log.exception(
            "Rechargement refusé (erreur imprévue), les paramètres %s restent servis", ancienne_version
        )
        return False
    arbitre.app.callable = nouvelle
    import api.wsgi

    api.wsgi.app = nouvelle  # l'ancienne application peut être libérée
    metriques.RECHARGEMENTS.labels(resultat="accepte").inc()
    arbitre.log.info(
        "Paramètres rechargés : version %s remplacée par %s ; les processus sont remplacés",
        ancienne_version,
        nouvelle.extensions[EXTENSION].version,
    )
    return True


def app_developpement():
    """Application de `make serve-dev` : un arbre invalide ne l'arrête pas, il est affiché (503).

    gunicorn recharge le processus à chaque modification d'un fichier Python ou YAML ; tant que les
    paramètres sont invalides, toute route répond 503 `parametres_invalides` avec les messages
    `fichier:ligne:colonne` du vérificateur, et /health répond 200.
    """
    from api import DemarrageImpossibleError, create_app

    try:
        return create_app()
    except DemarrageImpossibleError as erreur:
        message = str(erreur).strip()
    logger.error("%s", message)
    from flask import Flask, jsonify

    secours = Flask(__name__)
    secours.json.ensure_ascii = False
    secours.json.sort_keys = False

    @secours.get("/health")
    def health():
        return jsonify({"status": "ok", "parametres": "invalides"})

    @secours.route("/", defaults={"chemin": ""}, methods=["GET", "POST"])
    @secours.route("/<path:chemin>", methods=["GET", "POST"])
    def parametres_invalides(chemin):
        lignes = [ligne.strip() for ligne in message.splitlines() if ligne.strip()]
        corps = {
            "error": {
                "code": "parametres_invalides",
                "message": lignes[0] if lignes else message,
                "path": None,
                "expected": "des fichiers de paramètres valides (python -m openfisca_cpa.outils.verification)",
                "received": lignes[1:],
            }
        }
        return jsonify(corps), 503

    return secours
