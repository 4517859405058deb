"""What the read-only routes serve, built once per app from the tax-benefit system.

openfisca_web_api's loaders build the variables, parameters and entities payloads; this module
adds what they lack: the `unit` of a variable (and its French label from units.yaml), the
references in force for each dated value of a parameter, and source links that are omitted
rather than broken ("None/blob/…") when the package declares no repository URL.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from openfisca_core.parameters import Parameter
from openfisca_web_api.loader.entities import build_entities
from openfisca_web_api.loader.parameters import build_parameters
from openfisca_web_api.loader.variables import build_variables

from openfisca_cpa.commun.yaml_sur import charger

logger = logging.getLogger(__name__)


@dataclass
class ApiData:
    system: object
    package: dict
    variables: dict
    parameters: dict
    entities: dict
    units: dict
    parameter_index: dict = field(default_factory=dict)
    spec: dict = field(default_factory=dict)


def load_units(system) -> dict[str, dict]:
    """units.yaml of the country package, by unit name (empty if the package has none)."""
    module = sys.modules.get(type(system).__module__)
    if module is None or not getattr(module, "__file__", None):
        return {}
    path = Path(module.__file__).parent / "units.yaml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as stream:
        units = charger(stream) or []
    return {unit["name"]: unit for unit in units if isinstance(unit, dict) and "name" in unit}


def references_at(metadata: dict | None, instant: str) -> list:
    """The references in force at `instant` (ISO date): metadata.reference is keyed by date."""
    reference = (metadata or {}).get("reference")
    if reference is None:
        return []
    if isinstance(reference, dict):
        dates = sorted(str(key) for key in reference if str(key) <= instant)
        if not dates:
            return []
        by_text = {str(key): value for key, value in reference.items()}
        found = by_text[dates[-1]]
        return list(found) if isinstance(found, list) else [found]
    return list(reference) if isinstance(reference, list) else [reference]


def _strip_sources(payload: dict) -> None:
    payload.pop("source", None)
    for formula in (payload.get("formulas") or {}).values():
        if isinstance(formula, dict):
            formula.pop("source", None)


def parameter_index(system) -> dict[str, object]:
    """Every parameter and node by dotted name."""
    index = {}
    for parameter in system.parameters.get_descendants():
        index[parameter.name] = parameter
    return index


def build(system, repository_url: str = "") -> ApiData:
    package = dict(system.get_package_metadata())
    if repository_url:
        package["repository_url"] = repository_url.rstrip("/")
    has_sources = bool(package.get("repository_url"))

    units = load_units(system)
    variables = build_variables(system, package)
    for name, payload in variables.items():
        variable = system.variables[name]
        unit = getattr(variable, "unit", None)
        payload["unit"] = unit
        if unit in units:
            payload["unitLabel"] = units[unit].get("label")
        if not has_sources:
            _strip_sources(payload)

    parameters = build_parameters(system, package)
    index = parameter_index(system)
    for payload in parameters.values():
        if not has_sources:
            payload.pop("source", None)
        parameter = index.get(payload["id"])
        if isinstance(parameter, Parameter):
            payload["references"] = {
                at.instant_str: references_at(parameter.metadata, at.instant_str)
                for at in sorted(parameter.values_list, key=lambda at: at.instant_str)
            }

    data = ApiData(
        system=system,
        package=package,
        variables=variables,
        parameters=parameters,
        entities=build_entities(system),
        units=units,
        parameter_index=index,
    )
    logger.info(
        "Données de l'API construites : %d variables, %d paramètres",
        len(variables),
        len(parameters),
    )
    return data
