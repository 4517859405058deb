"""Errors of the web API: one exception hierarchy, one JSON shape, one `register(app)`.

Every error answered by the API has the body

    {"error": {"code": …, "message": …, "path": …, "expected": …, "received": …, "request_id": …}}

- `code`: stable machine code (French snake_case), documented in api/README.md;
- `message`: French sentence for a person;
- `path`: where the faulty field is in the request body, OpenFisca style
  ("individus/alice/heures_travaillees/2020"), or null when the error is not about a field;
- `expected` / `received`: what was expected and what was received (null when meaningless).
Errors about an unknown id add `suggestions`: the closest existing ids (difflib).
- `request_id`: the request's id (X-Request-Id), added to every HTTP error body by api/journal.py
  (the Python door has no request, hence no such field).

The hierarchy has no Flask import, so the computation modules (api/compute.py, api/releve.py…)
raise these errors without depending on Flask; only `register` touches Flask.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Sequence

logger = logging.getLogger(__name__)

#: Longest text of a received value copied into an error body (`received`, each segment of `path`,
#: each suggestion, a name quoted in `message`).
MAX_RECEIVED_CHARS = 120
#: Longest `message` and `path` of an error body: whatever a message quotes, an error body stays small.
MAX_MESSAGE_CHARS = 1000


def shorten(text: str, limit: int = MAX_RECEIVED_CHARS) -> str:
    """`text` cut to `limit` characters, « … » marking the cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def describe(value: object) -> object:
    """A short, JSON-safe rendering of a received value for `received`."""
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
    return type(value).__name__


def json_type_name(value: object) -> str:
    """French name of the JSON type of a value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, str):
        return "une chaîne de caractères"
    if isinstance(value, dict):
        return "un objet"
    if isinstance(value, list | tuple):
        return "un tableau"
    return type(value).__name__


def join_path(segments: Iterable[object]) -> str:
    return "/".join(shorten(str(segment)) for segment in segments)


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The ids closest to `name` (difflib), best first."""
    return difflib.get_close_matches(str(name), list(candidates), n=n, cutoff=0.6)


class ApiError(Exception):
    """A client or server error, answered as JSON with `status`."""

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
        """Called just before the error is answered (e.g. to disarm a timer); nothing by default."""

    def to_dict(self) -> dict[str, object]:
        # Every text that may quote the request is bounded here, whoever built the error.
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


class InvalidJsonError(ApiError):
    code = "json_invalide"


class InvalidRequestError(ApiError):
    """The body has the wrong shape (missing key, wrong JSON type…)."""

    code = "requete_invalide"


class InvalidValueError(ApiError):
    """A value has the wrong type for its variable."""

    code = "valeur_invalide"


class OutOfRangeError(ApiError):
    code = "valeur_hors_bornes"


class InvalidPeriodError(ApiError):
    code = "periode_invalide"


class IncompatiblePeriodError(ApiError):
    """A valid period that does not fit the variable's definition period."""

    code = "periode_incompatible"


class UnsupportedError(ApiError):
    code = "non_pris_en_charge"


class UnknownIdError(ApiError):
    status = 404


class UnknownVariableError(UnknownIdError):
    code = "variable_inconnue"


class UnknownParameterError(UnknownIdError):
    code = "parametre_inconnu"


class UnknownEntityError(ApiError):
    code = "entite_inconnue"


class RouteNotFoundError(ApiError):
    status = 404
    code = "route_inconnue"


class MethodNotAllowedError(ApiError):
    status = 405
    code = "methode_non_autorisee"


class NotAcceptableError(ApiError):
    status = 406
    code = "format_de_reponse_non_pris_en_charge"


class PayloadTooLargeError(ApiError):
    status = 413
    code = "corps_trop_volumineux"


class TooManyPersonsError(ApiError):
    status = 413
    code = "trop_de_personnes"


class TooManyPeriodsError(ApiError):
    status = 413
    code = "trop_de_periodes"


class UnsupportedMediaTypeError(ApiError):
    status = 415
    code = "type_de_contenu_non_pris_en_charge"


class NonFiniteResultError(ApiError):
    """The model produced NaN or an infinity: never sent as JSON."""

    status = 422
    code = "resultat_non_fini"


class InternalError(ApiError):
    status = 500
    code = "erreur_interne"


def unknown_variable(name: object, known: Iterable[str], path: Sequence[object]) -> UnknownVariableError:
    suggestions = closest(str(name), known)
    message = f"La variable « {describe(name)} » n'existe pas dans le modèle."
    if suggestions:
        message += " Vouliez-vous dire : " + ", ".join(suggestions) + " ?"
    return UnknownVariableError(
        message,
        path=path,
        expected="un identifiant de variable du modèle (liste : GET /variables)",
        received=describe(name),
        suggestions=suggestions,
    )


# --- Flask wiring ----------------------------------------------------------------------------

_HTTP_ERRORS = {
    400: (InvalidRequestError, "La requête est invalide."),
    404: (RouteNotFoundError, "Cette adresse ne correspond à aucune route de l'API."),
    405: (MethodNotAllowedError, "Cette méthode HTTP n'est pas autorisée sur cette route."),
    406: (NotAcceptableError, "Le format de réponse demandé n'est pas disponible."),
    413: (PayloadTooLargeError, "Le corps de la requête est trop volumineux."),
    415: (UnsupportedMediaTypeError, "Ce type de contenu n'est pas pris en charge."),
}


def _from_http_exception(error, max_content_length: int | None) -> ApiError:
    status = error.code or 500
    if status == 404:
        from flask import request

        return RouteNotFoundError(
            "Cette adresse ne correspond à aucune route de l'API (liste des routes : GET /spec).",
            path=None,
            expected=None,
            received=request.path,
        )
    if status == 405:
        from flask import request

        allowed = sorted(error.valid_methods or [])
        return MethodNotAllowedError(
            f"La méthode {request.method} n'est pas autorisée sur {request.path}.",
            expected=allowed,
            received=request.method,
            headers={"Allow": ", ".join(allowed)} if allowed else None,
        )
    if status == 413:
        limit = f" La limite est de {max_content_length} octets (CPA_MAX_CONTENT_LENGTH)." if max_content_length else ""
        return PayloadTooLargeError(
            "Le corps de la requête est trop volumineux." + limit,
            expected=f"au plus {max_content_length} octets" if max_content_length else None,
        )
    cls, message = _HTTP_ERRORS.get(status, (InternalError, "Erreur interne."))
    api_error = cls(message)
    if cls is InternalError:
        api_error.status = status if status >= 400 else 500
    return api_error


def register(app) -> None:
    """Install the JSON error handlers on a Flask app."""
    from flask import jsonify
    from werkzeug.exceptions import HTTPException

    def respond(api_error: ApiError):
        response = jsonify(api_error.to_dict())
        response.status_code = api_error.status
        for name, value in api_error.headers.items():
            response.headers[name] = value
        return response

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError):
        error.on_respond()
        if error.status >= 500:
            logger.error("%s: %s", error.code, error.message)
        else:
            logger.debug("%s %s at %s", error.status, error.code, error.path)
        return respond(error)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        original = getattr(error, "original_exception", None)
        if isinstance(original, ApiError):
            # Raised while the answer was being finalised (after_request, Response…): Flask turns it
            # into a 500 InternalServerError; it is answered as if raised by the view.
            return handle_api_error(original)
        return respond(_from_http_exception(error, app.config.get("MAX_CONTENT_LENGTH")))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        # Logged with its stack trace on the server; the client never sees either.
        logger.exception("Erreur non prévue : %s", type(error).__name__)
        return respond(
            InternalError(
                "Erreur interne du serveur. Elle a été journalisée ; si elle persiste, signalez-la avec la requête envoyée."
            )
        )
