"""Operations: health check."""

from __future__ import annotations

from importlib import metadata as importlib_metadata

from flask import Blueprint, jsonify

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
