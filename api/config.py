"""Configuration of the web API, read from environment variables in one place.

Every setting has a default, so `create_app()` works with an empty environment. A value that
cannot be parsed stops the start-up with a French message naming the variable (better than a
server that silently ignores a limit).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MIB = 1024 * 1024


class ConfigurationError(ValueError):
    """An environment variable holds a value that cannot be used."""


@dataclass(frozen=True)
class Setting:
    """One setting: Flask config key, environment variable, parser, default, French doc."""

    key: str
    env: str
    parse: str  # "int", "bool", "list" or "str"
    default: object
    doc: str
    minimum: int | None = None


#: All settings. README (api/README.md) documents the same table.
SETTINGS: tuple[Setting, ...] = (
    Setting("HOST", "CPA_HOST", "str", "127.0.0.1", "Adresse d'écoute de gunicorn"),
    Setting("PORT", "PORT", "int", 5000, "Port d'écoute de gunicorn", minimum=1),
    Setting("WORKERS", "CPA_WORKERS", "int", 2, "Nombre de processus gunicorn", 1),
    Setting(
        "TIMEOUT",
        "CPA_TIMEOUT",
        "int",
        120,
        "Délai maximal d'une requête en secondes (gunicorn)",
        1,
    ),
    Setting(
        "MAX_CONTENT_LENGTH",
        "CPA_MAX_CONTENT_LENGTH",
        "int",
        64 * MIB,
        "Taille maximale du corps d'une requête, en octets (413 au-delà)",
        1,
    ),
    Setting(
        "MAX_PERSONNES",
        "CPA_MAX_PERSONNES",
        "int",
        500_000,
        "Nombre maximal de personnes par requête /calculate/population (413 au-delà)",
        1,
    ),
    Setting(
        "MAX_PERSONNES_SITUATION",
        "CPA_MAX_PERSONNES_SITUATION",
        "int",
        100_000,
        "Nombre maximal de personnes par requête /calculate (413 au-delà)",
        1,
    ),
    Setting(
        "MAX_PERSONNES_TRACE",
        "CPA_MAX_PERSONNES_TRACE",
        "int",
        100,
        "Nombre maximal de personnes par requête /trace (413 au-delà)",
        1,
    ),
    Setting(
        "MAX_PERIODES",
        "CPA_MAX_PERIODES",
        "int",
        100,
        "Nombre maximal de périodes distinctes par variable, et d'années d'un relevé ou d'une projection",
        1,
    ),
    Setting(
        "BUDGET_CALCUL",
        "CPA_BUDGET_CALCUL",
        "int",
        500_000_000,
        "Coût estimé maximal d'un calcul, en valeurs intermédiaires "
        "(personnes × variables de la chaîne de calcul × années ; 413 au-delà, 0 : pas de limite)",
        0,
    ),
    Setting(
        "MEMOIRE_REQUETE",
        "CPA_MEMOIRE_REQUETE",
        "int",
        640 * MIB,
        "Mémoire estimée maximale d'une requête, en octets : corps lu, entrées, chaîne de calcul et réponse "
        "(api/budget.py ; 413 au-delà, avant de lire le corps ou de calculer ; 0 : pas de limite)",
        0,
    ),
    Setting(
        "DELAI_CALCUL",
        "CPA_DELAI_CALCUL",
        "int",
        60,
        "Durée maximale du calcul d'une requête, en secondes (503 au-delà, 0 : pas de délai ; "
        "ramenée sous CPA_TIMEOUT)",
        0,
    ),
    Setting(
        "PARAMETRES_DIR",
        "CPA_PARAMETRES_DIR",
        "str",
        "",
        "Dossier des paramètres servis, vérifiés au démarrage (vide : ceux du paquet)",
    ),
    Setting(
        "CORS_ORIGINS",
        "CPA_CORS_ORIGINS",
        "list",
        (),
        "Origines autorisées par CORS, séparées par des virgules (« * » : toutes ; vide : CORS désactivé)",
    ),
    Setting(
        "REPOSITORY_URL",
        "CPA_REPOSITORY_URL",
        "str",
        "",
        "URL du dépôt (vide : celle des métadonnées du paquet, Project-URL « Repository »)",
    ),
    Setting(
        "SOURCE_URL",
        "CPA_SOURCE_URL",
        "str",
        "",
        "Base des liens « source » de /variable et /parameter, suivie du chemin du fichier "
        "(vide : <dépôt>/blob/main ; une version publiée : <dépôt>/blob/<étiquette> ; un fork : son URL)",
    ),
    Setting(
        "URL_PUBLIQUE",
        "CPA_URL_PUBLIQUE",
        "str",
        "",
        "Adresse publique de l'API (https://…), base des liens absolus de /, /spec, /variables et /parameters "
        "(vide : construite à partir de l'en-tête Host, validé, avec « Vary: Host »)",
    ),
    Setting("LOG_LEVEL", "CPA_LOG_LEVEL", "str", "INFO", "Niveau des journaux"),
    # Exploitation (api/service.py, api/metriques.py, api/journal.py, api/gunicorn.conf.py).
    Setting("THREADS", "CPA_THREADS", "int", 4, "Fils par processus gunicorn (workers gthread)", 1),
    Setting(
        "CALCULS_PAR_PROCESSUS",
        "CPA_CALCULS_PAR_PROCESSUS",
        "int",
        1,
        "Calculs simultanés par processus (les autres fils lisent les corps et servent la documentation)",
        1,
    ),
    Setting(
        "DELAI_LECTURE",
        "CPA_DELAI_LECTURE",
        "int",
        30,
        "Silence maximal d'un client qui envoie sa requête, en secondes (408 au-delà)",
        1,
    ),
    Setting("METRIQUES", "CPA_METRIQUES", "str", "app", "Exposition des métriques : app, port ou non"),
    Setting("METRIQUES_PORT", "CPA_METRIQUES_PORT", "int", 9464, "Port des métriques si CPA_METRIQUES=port", 1),
    Setting("JOURNAL_FORMAT", "CPA_JOURNAL_FORMAT", "str", "texte", "Format des journaux : texte ou json"),
)

#: Valeurs permises des réglages à choix.
CHOIX = {"METRIQUES": ("app", "port", "non"), "JOURNAL_FORMAT": ("texte", "json")}

#: Flask settings that are not read from the environment.
FIXED = {
    "JSON_SORT_KEYS": False,
}


def _parse(setting: Setting, raw: str) -> object:
    raw = raw.strip()
    if setting.parse == "int":
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            msg = f"{setting.env} doit être un entier, reçu « {raw} »."
            raise ConfigurationError(msg) from None
        if setting.minimum is not None and value < setting.minimum:
            msg = f"{setting.env} doit être au moins {setting.minimum}, reçu {value}."
            raise ConfigurationError(msg)
        return value
    if setting.parse == "list":
        return tuple(item.strip() for item in raw.split(",") if item.strip())
    return raw


def load_config(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Read the settings from `environ` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    config: dict[str, object] = dict(FIXED)
    for setting in SETTINGS:
        raw = environ.get(setting.env)
        if raw is None or (raw.strip() == "" and setting.parse != "list"):
            config[setting.key] = setting.default
        else:
            config[setting.key] = _parse(setting, raw)
        permis = CHOIX.get(setting.key)
        if permis is not None and config[setting.key] not in permis:
            msg = f"{setting.env} doit valoir {' ou '.join(permis)}, reçu « {config[setting.key]} »."
            raise ConfigurationError(msg)
    return config
