"""Operations: liveness (/health) and readiness (/ready) probes."""

from __future__ import annotations

from importlib import metadata as importlib_metadata

from flask import Blueprint, current_app, jsonify

from api import service
from api.routes.common import state

blueprint = Blueprint("operations", __name__)


@blueprint.get("/health")
def health():
    data = state().data
    try:
        core_version = importlib_metadata.version("OpenFisca-Core")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover
        core_version = None
    return jsonify(
        {
            "status": "ok",
            "country_package": data.package.get("name"),
            "country_package_version": data.package.get("version"),
            "openfisca_core_version": core_version,
            "variables": len(data.variables),
            "parameters": len(data.parameters),
        }
    )


@blueprint.get("/ready")
def ready():
    """200 once the model and its parameters are loaded and checked; 503 `service_non_pret` before."""
    etat = current_app.extensions.get(service.EXTENSION)
    if etat is None or not etat.pret:
        raise service.ServiceNonPretError(
            "Le service démarre : le modèle et ses paramètres ne sont pas encore chargés et vérifiés.",
            headers={"Retry-After": "1"},
        )
    return jsonify(
        {
            "status": "pret",
            "parametres_version": etat.version,
            "country_package_version": etat.paquet,
        }
    )
