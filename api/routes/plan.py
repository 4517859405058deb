"""A training's financing plan for the portal."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api import plan as plans
from api.routes.common import read_json, state

blueprint = Blueprint("plan", __name__)


@blueprint.post("/plan-de-financement")
def plan_de_financement():
    current = state()
    return jsonify(plans.plan_de_financement(current.system, read_json(), current.limits))
