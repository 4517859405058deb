"""Nom, version et adresses du projet, lus dans les métadonnées du paquet installé (pyproject.toml).

Une seule source : la section [project] de pyproject.toml. Installé (wheel ou `pip install -e .`),
le paquet les lit dans ses métadonnées ; lancé depuis une copie du dépôt sans installation, dans
pyproject.toml lui-même.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

DISTRIBUTION = "openfisca-cpa"


def _depuis_metadonnees() -> tuple[str, dict[str, str]] | None:
    try:
        meta = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    adresses = {}
    for ligne in meta.get_all("Project-URL") or []:
        libelle, _, adresse = ligne.partition(",")
        adresses[libelle.strip()] = adresse.strip()
    return meta["Version"], adresses


def _depuis_pyproject() -> tuple[str, dict[str, str]]:
    chemin = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if not chemin.is_file():
        return "0.0.0", {}
    projet = tomllib.loads(chemin.read_text(encoding="utf-8"))["project"]
    return projet["version"], dict(projet.get("urls", {}))


VERSION, ADRESSES = _depuis_metadonnees() or _depuis_pyproject()

#: Adresse du dépôt (métadonnée « Project-URL: Repository »), base des liens « source » de l'API.
DEPOT = ADRESSES.get("Repository", "").rstrip("/")
