"""Erreurs localisées du modèle : une seule hiérarchie pour l'API web, les fichiers et l'API Python.

Chaque erreur porte un `code` stable (snake_case français), un `message` (phrase française), le
`path` de la valeur fautive (chemin JSON « individus/alice/heures_travaillees/2024 », ou
« input/heures_travaillees/2024/3 » pour la ligne 3 d'une colonne), ce qui était attendu
(`expected`), ce qui a été reçu (`received`) et, pour un identifiant inconnu, les plus proches
(`suggestions`). `status` est le statut HTTP que l'API web répond. Aucun import de Flask : l'API
web (api/errors.py) dérive ses propres erreurs de `ErreurLocalisee`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

#: Plus long texte d'une valeur reçue recopié dans une erreur (`received`, chaque segment de
#: `path`, chaque suggestion, un nom cité dans `message`).
MAX_RECEIVED_CHARS = 120
#: Plus longs `message` et `path` d'une erreur : quoi qu'un message cite, l'erreur reste petite.
MAX_MESSAGE_CHARS = 1000


def shorten(text: str, limit: int = MAX_RECEIVED_CHARS) -> str:
    """`text` coupé à `limit` caractères, « … » marquant la coupure."""
    return text if len(text) <= limit else text[:limit] + "…"


def describe(value: object) -> object:
    """Un rendu court, sérialisable en JSON, d'une valeur reçue."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, str):
        return shorten(value)
    if isinstance(value, dict):
        return f"un objet de {len(value)} clé(s)"
    if isinstance(value, list | tuple):
        return f"un tableau de {len(value)} élément(s)"
    if isinstance(value, bytes):
        return f"{len(value)} octets"
    return type(value).__name__


def join_path(segments: Iterable[object]) -> str:
    return "/".join(shorten(str(segment)) for segment in segments)


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Les identifiants les plus proches de `name` (difflib), le meilleur d'abord."""
    return difflib.get_close_matches(str(name), list(candidates), n=n, cutoff=0.6)


class ErreurLocalisee(Exception):  # noqa: N818 (nom français)
    """Une erreur d'entrée ou de requête, localisée ; l'API web la répond en JSON avec `status`."""

    status = 400
    code = "requete_invalide"

    def __init__(
        self,
        message: str,
        *,
        path: str | Sequence[object] | None = None,
        expected: object = None,
        received: object = None,
        suggestions: Sequence[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if path is not None and not isinstance(path, str):
            path = join_path(path)
        self.path = path
        self.expected = expected
        self.received = received
        self.suggestions = list(suggestions) if suggestions is not None else None
        self.headers = headers or {}

    def on_respond(self) -> None:
        """Appelée juste avant que l'erreur soit répondue (pour désarmer un minuteur) ; rien par défaut."""

    def to_dict(self) -> dict[str, object]:
        # Tout texte qui peut citer la requête est borné ici, quel que soit l'auteur de l'erreur.
        error: dict[str, object] = {
            "code": self.code,
            "message": shorten(self.message, MAX_MESSAGE_CHARS),
            "path": None if self.path is None else shorten(self.path, MAX_MESSAGE_CHARS),
            "expected": _bounded(self.expected, MAX_MESSAGE_CHARS),
            "received": _bounded(self.received, MAX_RECEIVED_CHARS),
        }
        if self.suggestions is not None:
            error["suggestions"] = [shorten(str(item)) for item in self.suggestions[:10]]
        return {"error": error}


def _bounded(value: object, limit: int) -> object:
    if isinstance(value, str):
        return shorten(value, limit)
    if isinstance(value, list | tuple):
        return [_bounded(item, limit) for item in value[:20]]
    return value


class RequeteInvalide(ErreurLocalisee):
    """Le corps ou le fichier n'a pas la forme attendue (clé manquante, mauvais type JSON…)."""

    code = "requete_invalide"


class ValeurInvalide(ErreurLocalisee):
    """Une valeur n'a pas le type de sa variable (texte pour un nombre, date invalide…)."""

    code = "valeur_invalide"


class ValeurManquante(ValeurInvalide):
    """Une cellule vide (ou un `null` de liste JSON) refusée par la règle stricte des cellules vides."""

    code = "valeur_manquante"


class ValeurHorsBornes(ErreurLocalisee):
    """Une valeur est hors des bornes de sa variable (openfisca_cpa/entrees.py)."""

    code = "valeur_hors_bornes"


class PeriodeInvalide(ErreurLocalisee):
    code = "periode_invalide"


class PeriodeHorsHorizon(PeriodeInvalide):
    """Une période hors de l'horizon du modèle (entrees.HORIZON_DEBUT – entrees.HORIZON_FIN)."""

    code = "periode_hors_horizon"


class EntreeEnDouble(ErreurLocalisee):
    """La même entrée donnée deux fois (deux écritures d'une période, deux colonnes, deux clés)."""

    code = "entree_en_double"


class PeriodeIncompatible(ErreurLocalisee):
    """Une période valide qui ne convient pas à la période de définition de la variable."""

    code = "periode_incompatible"
