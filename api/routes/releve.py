"""A person's statement and projection."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api import metriques
from api import releve as statements
from api.routes.common import read_json, state

blueprint = Blueprint("releve", __name__)


@blueprint.post("/releve")
def releve():
    current = state()
    result = statements.releve(current.system, read_json(), current.limits)
    metriques.compter_calcul(1, metriques.compter_soldes(result))
    return jsonify(result)


@blueprint.post("/projection")
def projection():
    current = state()
    result = statements.projection(current.system, read_json(), current.limits)
    metriques.compter_calcul(1, metriques.compter_soldes(result))
    return jsonify(result)
