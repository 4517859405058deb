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

import logging
from collections.abc import Iterable, Sequence

from openfisca_cpa.entrees import json_type_name
from openfisca_cpa.erreurs import (
    MAX_MESSAGE_CHARS,
    MAX_RECEIVED_CHARS,
    ErreurLocalisee,
    PeriodeHorsHorizon,
    PeriodeIncompatible,
    PeriodeInvalide,
    RequeteInvalide,
    ValeurHorsBornes,
    ValeurInvalide,
    closest,
    describe,
    join_path,
    shorten,
)

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_MESSAGE_CHARS",
    "MAX_RECEIVED_CHARS",
    "ApiError",
    "PeriodOutsideHorizonError",
    "closest",
    "describe",
    "join_path",
    "json_type_name",
    "shorten",
]

#: La racine de la hiérarchie est dans le paquet (openfisca_cpa/erreurs.py) : les erreurs d'entrée
#: levées par le modèle, la lecture des fichiers et l'API Python sont répondues telles quelles.
ApiError = ErreurLocalisee


class InvalidJsonError(ApiError):
    code = "json_invalide"


InvalidRequestError = RequeteInvalide
InvalidValueError = ValeurInvalide
OutOfRangeError = ValeurHorsBornes
InvalidPeriodError = PeriodeInvalide
PeriodOutsideHorizonError = PeriodeHorsHorizon


IncompatiblePeriodError = PeriodeIncompatible


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
