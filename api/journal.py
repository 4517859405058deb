"""Identifiant de requête et journaux : suivre une requête du portail jusqu'aux journaux de l'API.

- Un en-tête `X-Request-Id` reçu est gardé s'il est sain (1 à 128 caractères parmi lettres ASCII,
  chiffres et `. _ : -`) ; sinon, ou s'il manque, l'API en crée un (uuid4 en hexadécimal).
- L'identifiant revient dans l'en-tête `X-Request-Id` de la réponse, dans le champ `request_id` de
  toute erreur JSON, dans le journal d'accès de gunicorn (`%({x-request-id}o)s`) et dans chaque
  ligne de journal écrite pendant la requête (filtre `FiltreRequestId`, variable de contexte : un
  fil d'exécution par requête sous les workers gthread).
- `CPA_JOURNAL_FORMAT=json` : une ligne JSON par événement pour les collecteurs de journaux
  (`FormatJson`), journal d'accès compris (champs méthode, chemin, statut, durée…).

Ce module n'importe Flask que dans `install`.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid

EN_TETE = "X-Request-Id"
#: Un identifiant reçu est gardé s'il a cette forme (longueur et caractères bornés : il est recopié
#: dans les journaux et les réponses).
FORME = re.compile(r"[A-Za-z0-9._:-]{1,128}")
#: Valeur des lignes de journal écrites hors requête.
AUCUN = "-"

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("cpa_request_id", default=AUCUN)


def courant() -> str:
    """L'identifiant de la requête en cours (« - » hors requête)."""
    return _request_id.get()


def choisir(recu: str | None) -> str:
    """L'identifiant reçu s'il est sain, un nouveau sinon."""
    if recu and FORME.fullmatch(recu):
        return recu
    return uuid.uuid4().hex


class FiltreRequestId(logging.Filter):
    """Ajoute `request_id` à chaque enregistrement (pour `%(request_id)s` et le format JSON)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = courant()
        return True


class FormatJson(logging.Formatter):
    """Une ligne JSON par enregistrement : horodatage, niveau, journal, pid, request_id, message.

    Pour le journal d'accès de gunicorn (dont les arguments sont le dictionnaire des « atomes »),
    les champs de la requête sont donnés à part : methode, chemin, requete (query string), statut,
    duree_ms, taille, client, user_agent et request_id (en-tête de la réponse).
    """

    def format(self, record: logging.LogRecord) -> str:
        ligne: dict[str, object] = {
            "horodatage": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "niveau": record.levelname,
            "journal": record.name,
            "pid": record.process,
            "request_id": getattr(record, "request_id", AUCUN),
        }
        atomes = record.args if isinstance(record.args, dict) else None
        if record.name == "gunicorn.access" and atomes is not None:
            ligne.update(
                {
                    "message": f"{atomes.get('m')} {atomes.get('U')} {atomes.get('s')}",
                    "methode": atomes.get("m"),
                    "chemin": atomes.get("U"),
                    "requete": atomes.get("q") or None,
                    "statut": _entier(atomes.get("s")),
                    "duree_ms": _entier(atomes.get("M")),
                    "taille": _entier(atomes.get("B")),
                    "client": atomes.get("h"),
                    "user_agent": atomes.get("a"),
                    "request_id": atomes.get("{x-request-id}o") or AUCUN,
                }
            )
        else:
            ligne["message"] = record.getMessage()
        if record.exc_info:
            ligne["exception"] = self.formatException(record.exc_info)
        return json.dumps(ligne, ensure_ascii=False)


def _entier(valeur: object) -> object:
    try:
        return int(valeur)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


#: Format texte des journaux (gunicorn et application).
FORMAT_TEXTE = "%(asctime)s [%(process)d] [%(levelname)s] [%(request_id)s] %(name)s: %(message)s"
#: En-tête des lignes du journal d'accès en texte (la ligne de gunicorn porte déjà l'identifiant).
FORMAT_TEXTE_ACCES = "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"
#: Journal d'accès de gunicorn : format « combined » suivi de la durée (µs) et de l'identifiant.
FORMAT_ACCES = '%(h)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus request_id=%({x-request-id}o)s'


def configuration_logging(niveau: str, format_: str = "texte") -> dict:
    """Le `logconfig_dict` de gunicorn : application et gunicorn sur la sortie d'erreur."""
    formateur = {"()": "api.journal.FormatJson"} if format_ == "json" else {"format": FORMAT_TEXTE}
    gestionnaire = {
        "class": "logging.StreamHandler",
        "formatter": "principal",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    acces = {**gestionnaire, "formatter": "acces"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "api.journal.FiltreRequestId"}},
        "formatters": {
            "principal": formateur,
            # Le journal d'accès est mis en forme par gunicorn (FORMAT_ACCES, identifiant compris).
            "acces": formateur if format_ == "json" else {"format": FORMAT_TEXTE_ACCES},
        },
        "handlers": {"console": gestionnaire, "acces": acces},
        "root": {"level": niveau.upper(), "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": niveau.upper(), "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["acces"], "propagate": False},
        },
    }


def install(app) -> None:
    """Identifiant de chaque requête : lu ou créé, puis renvoyé dans l'en-tête et les erreurs."""
    from flask import g, request

    @app.before_request
    def lire_request_id():
        identifiant = choisir(request.headers.get(EN_TETE))
        g.cpa_request_id = identifiant
        g.cpa_request_id_jeton = _request_id.set(identifiant)

    @app.after_request
    def ecrire_request_id(response):
        identifiant = g.get("cpa_request_id") or choisir(request.headers.get(EN_TETE))
        response.headers[EN_TETE] = identifiant
        if response.status_code >= 400 and response.mimetype == "application/json" and not response.is_streamed:
            _ajouter_au_corps(response, identifiant)
        return response

    @app.teardown_request
    def oublier_request_id(_erreur=None):
        jeton = g.pop("cpa_request_id_jeton", None)
        if jeton is not None:
            try:
                _request_id.reset(jeton)
            except ValueError:  # jeton d'un autre contexte : on remet la valeur par défaut
                _request_id.set(AUCUN)


def _ajouter_au_corps(response, identifiant: str) -> None:
    """Ajoute `request_id` au corps `{"error": {...}}` d'une erreur (forme unique d'api/errors.py)."""
    try:
        corps = json.loads(response.get_data())
    except ValueError:
        return
    if isinstance(corps, dict) and isinstance(corps.get("error"), dict):
        corps["error"]["request_id"] = identifiant
        response.set_data(json.dumps(corps, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
