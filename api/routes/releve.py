"""A person's statement and projection."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api import releve as statements
from api.routes.common import read_json, state

blueprint = Blueprint("releve", __name__)


@blueprint.post("/releve")
def releve():
    current = state()
    return jsonify(statements.releve(current.system, read_json(), current.limits))


@blueprint.post("/projection")
def projection():
    current = state()
    return jsonify(statements.projection(current.system, read_json(), current.limits))
