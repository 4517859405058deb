"""OpenAPI 3 specification: openfisca_web_api's, completed with this API's routes and errors."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

from openfisca_web_api.loader.spec import build_openAPI_specification

from openfisca_cpa.commun.yaml_sur import charger

logger = logging.getLogger(__name__)

EXTRA_SPEC = Path(__file__).with_name("openapi.yml")

#: The example situation of the spec (a full-time employee in 2024).
EXAMPLE_SITUATION = {
    "individus": {
        "alice": {
            "heures_travaillees": {"2023": 1607, "2024": 1607},
            "cpf_alimentation": {"2024": None},
            "cpf_solde": {"2024": None},
        }
    }
}

_HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _json_copy(value):
    """Plain JSON types only (int response codes become strings, as served)."""
    return json.loads(json.dumps(value, default=str))


def _example(system, variables: dict) -> dict | None:
    """EXAMPLE_SITUATION restricted to the variables this system has."""
    person = {name: values for name, values in EXAMPLE_SITUATION["individus"]["alice"].items() if name in variables}
    if not any(None in values.values() for values in person.values()):
        return None
    return {system.person_entity.plural: {"alice": person}}


def build_spec(data) -> dict:
    """The whole specification, as served by GET /spec (without `servers`)."""
    from api import compute

    system = data.system
    core_data = {
        "tax_benefit_system": system,
        "country_package_metadata": data.package,
        "openAPI_spec": None,
        "parameters": data.parameters,
        "variables": data.variables,
        "entities": data.entities,
    }
    spec = _json_copy(build_openAPI_specification(core_data))
    with EXTRA_SPEC.open(encoding="utf-8") as stream:
        extra = charger(stream)

    spec["info"]["description"] = (
        "API web d'openfisca-cpa (compte personnel d'activité : CPF, CEC, C2P). Compatible avec "
        "l'API web d'OpenFisca (/calculate, /trace, /variables, /parameters…), avec en plus le "
        "relevé (/releve), la projection (/projection) et le calcul en colonnes (/calculate/population). "
        'Toute erreur est un JSON {"error": {code, message, path, expected, received}} en français.'
    )
    spec["tags"] = spec.get("tags", []) + extra["tags"]
    schemas = spec["components"]["schemas"]
    schemas.update(extra["components"]["schemas"])
    spec["components"].setdefault("responses", {}).update(extra["components"]["responses"])
    spec["components"].setdefault("parameters", {}).update(extra["components"]["parameters"])

    # What this API adds to openfisca_web_api's payloads.
    schemas["Variable"]["properties"].update(
        {
            "unit": {"type": "string", "nullable": True, "description": "Unité (units.yaml)"},
            "unitLabel": {"type": "string", "description": "Libellé français de l'unité"},
            "references": {"type": "array", "items": {"type": "string"}},
            "documentation": {"type": "string"},
            "possibleValues": {"type": "object", "additionalProperties": {"type": "string"}},
        }
    )
    # openfisca_web_api declares a string; the default of a boolean, number or date variable is not one.
    schemas["Variable"]["properties"]["defaultValue"] = {
        "description": "Valeur par défaut, du type de la variable (nombre, booléen, date AAAA-MM-JJ ou texte)",
        "nullable": True,
    }
    # A parameter may hold a date or a text, and is null from the date it is removed.
    schemas["Value"]["oneOf"].append({"type": "string", "nullable": True})
    schemas["Value"]["description"] = (
        "Valeur d'un paramètre à une date : nombre, booléen, date AAAA-MM-JJ, texte, liste ; "
        "null : paramètre supprimé à partir de cette date"
    )
    # A formula that stops at a date is served as {"<date>": null} (openfisca_web_api does the same).
    schemas["Formula"]["nullable"] = True
    schemas["Formula"]["description"] = (
        "Formule en vigueur à partir de cette date ; null : plus de formule à partir de cette date"
    )
    schemas["Variable"]["properties"]["definitionPeriod"]["enum"] = [
        "DAY",
        "WEEK",
        "WEEKDAY",
        "MONTH",
        "YEAR",
        "ETERNITY",
    ]
    schemas["Parameter"]["properties"]["id"] = {"type": "string"}
    schemas["Parameter"]["properties"]["documentation"] = {"type": "string"}
    schemas["Parameter"]["properties"]["references"] = {
        "type": "object",
        "description": "Pour chaque date de valeur, les références en vigueur à cette date (metadata.reference).",
        "additionalProperties": {"type": "array", "items": {"type": "object"}},
    }

    spec["paths"].update(extra["paths"])
    for operations in spec["paths"].values():
        for method, operation in operations.items():
            if method not in _HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, response in list(responses.items()):
                if code.startswith(("4", "5")) and "$ref" not in response:
                    response["content"] = copy.deepcopy(extra["components"]["responses"]["Error"]["content"])
            if method == "post":
                # 413: body, persons, periods or estimated cost too large; 503: CPA_DELAI_CALCUL exceeded.
                for code in ("413", "415", "503"):
                    responses.setdefault(code, {"$ref": "#/components/responses/Error"})
            responses.setdefault("default", {"$ref": "#/components/responses/Error"})

    # Path parameters with an existing id, so that generated requests also reach the 200 answers.
    examples = (
        ("/variable/{variableID}", "variableID", "cpf_solde", "cpf_solde" in data.variables),
        (
            "/parameter/{parameterID}",
            "parameterID",
            "cpf.conversion.euros_par_heure",
            "cpf/conversion/euros_par_heure" in data.parameters,
        ),
    )
    for path, name, value, exists in examples:
        for parameter in spec["paths"].get(path, {}).get("get", {}).get("parameters", []):
            if exists and parameter.get("name") == name:
                parameter["example"] = value

    # Examples computed by this API rather than openfisca_web_api's placeholders.
    example = _example(system, data.variables)
    if example is not None:
        schemas["SituationInput"]["example"] = example
        schemas["SituationOutput"]["example"] = compute.calculate(system, example)
        schemas["Trace"]["example"] = _json_copy(compute.trace(system, example))
    if "cpf_solde" in data.variables:
        schemas["Variable"]["example"] = _json_copy(data.variables["cpf_solde"])
    parameter_example = data.parameters.get("cpf/conversion/euros_par_heure")
    if parameter_example is not None:
        schemas["Parameter"]["example"] = _json_copy(parameter_example)
    return spec
