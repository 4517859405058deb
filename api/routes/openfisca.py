"""Routes of openfisca_web_api 46, same request and response shapes: existing clients work unchanged."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from api import compute, metriques
from api.errors import UnknownParameterError, closest, unknown_variable
from api.routes.common import public_base_url, read_json, state

blueprint = Blueprint("openfisca", __name__)

WELCOME = (
    "API web d'openfisca-cpa (compte personnel d'activité). Spécification OpenAPI : {}spec ; "
    "documentation d'OpenFisca : https://openfisca.org/doc/."
)


@blueprint.get("/")
def root():
    # openfisca_web_api answers 300 here; 200 is what clients and monitors expect.
    base = public_base_url()
    return jsonify({"welcome": WELCOME.format(base), "spec": f"{base}spec"})


@blueprint.post("/calculate")
def calculate():
    current = state()
    situation = read_json()
    result = compute.calculate(current.system, situation, current.limits, g.get("cpa_memoire_corps", 0))
    metriques.compter_calcul(*metriques.compter_situation(situation))
    return jsonify(result)


@blueprint.post("/trace")
def trace():
    current = state()
    situation = read_json()
    result = compute.trace(current.system, situation, current.trace_limits, g.get("cpa_memoire_corps", 0))
    metriques.compter_calcul(*metriques.compter_situation(situation))
    return jsonify(result)


@blueprint.get("/spec")
def spec():
    url = public_base_url().rstrip("/")
    return jsonify({**state().spec, "servers": [{"url": url}]})


@blueprint.get("/variables")
def variables():
    base = public_base_url()
    return jsonify(
        {
            name: {"description": payload["description"], "href": f"{base}variable/{name}"}
            for name, payload in state().data.variables.items()
        }
    )


@blueprint.get("/variable/<variable_id>")
def variable(variable_id: str):
    payload = state().data.variables.get(variable_id)
    if payload is None:
        error = unknown_variable(variable_id, state().data.variables, ["variable_id"])
        error.path = None
        raise error
    return jsonify(payload)


@blueprint.get("/parameters")
def parameters():
    base = public_base_url()
    return jsonify(
        {
            payload["id"]: {
                "description": payload["description"],
                "href": f"{base}parameter/{name}",
            }
            for name, payload in state().data.parameters.items()
            if payload.get("subparams") is None
        }
    )


@blueprint.get("/parameter/<path:parameter_id>")
def parameter(parameter_id: str):
    parameters = state().data.parameters
    payload = parameters.get(parameter_id) or parameters.get(parameter_id.replace(".", "/"))
    if payload is None:
        ids = [p["id"] for p in parameters.values()]
        suggestions = closest(parameter_id.replace("/", "."), ids)
        message = f"Le paramètre « {parameter_id} » n'existe pas."
        if suggestions:
            message += " Vouliez-vous dire : " + ", ".join(suggestions) + " ?"
        raise UnknownParameterError(
            message,
            expected="un identifiant de paramètre (liste : GET /parameters)",
            received=parameter_id,
            suggestions=suggestions,
        )
    return jsonify(payload)


@blueprint.get("/entities")
def entities():
    return jsonify(state().data.entities)
