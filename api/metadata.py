"""What the read-only routes serve, built once per app from the tax-benefit system.

openfisca_web_api's loaders build the variables, parameters and entities payloads; this module
adds what they lack: the `unit` of a variable (and its French label from units.yaml), the
references in force for each dated value of a parameter, and source links to the repository
(file and line range, `<repository>/blob/main/openfisca_cpa/variables/…py#L10-L40`, base set by
CPA_SOURCE_URL for a release tag or a fork), omitted rather than broken when no URL is known.
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


#: Where source links point when CPA_SOURCE_URL is empty: the main branch of the repository.
DEFAULT_REF = "main"


def _rebase_sources(payload: dict, prefix: str, base: str) -> None:
    """openfisca_web_api links to <repository>/blob/<version><path>#Lx-Ly; ours to <base><path>#Lx-Ly."""

    def rebase(url):
        return base + url[len(prefix) :] if isinstance(url, str) and url.startswith(prefix) else url

    if "source" in payload:
        payload["source"] = rebase(payload["source"])
    for formula in (payload.get("formulas") or {}).values():
        if isinstance(formula, dict) and "source" in formula:
            formula["source"] = rebase(formula["source"])


def variable_source(variable, base: str) -> str | None:
    """Link to the class of the variable, lines included.

    openfisca-core 46 records a 0-based first line for the class (its web API links one line too
    early: « #L8-L27 » for a class on lines 9 to 28); the formulas' lines are right.
    """
    path, code, first = variable.get_introspection_data()
    if not code:
        return None
    return f"{base}{path}#L{first + 1}-L{first + len(code.splitlines())}"


def build(system, repository_url: str = "", source_url: str = "") -> ApiData:
    """`repository_url` (CPA_REPOSITORY_URL) defaults to the package metadata (Project-URL Repository);
    `source_url` (CPA_SOURCE_URL), the base of source links, to <repository>/blob/main."""
    from openfisca_cpa import projet

    package = dict(system.get_package_metadata())
    package["repository_url"] = (repository_url or projet.DEPOT).rstrip("/")
    has_sources = bool(package["repository_url"] or source_url)
    core_prefix = f"{package['repository_url']}/blob/{package['version']}"
    source_base = (source_url or f"{package['repository_url']}/blob/{DEFAULT_REF}").rstrip("/")

    units = load_units(system)
    variables = build_variables(system, package)
    for name, payload in variables.items():
        variable = system.variables[name]
        unit = getattr(variable, "unit", None)
        payload["unit"] = unit
        if unit in units:
            payload["unitLabel"] = units[unit].get("label")
        if has_sources:
            _rebase_sources(payload, core_prefix, source_base)
            payload["source"] = variable_source(variable, source_base)
        else:
            _strip_sources(payload)

    parameters = build_parameters(system, package)
    index = parameter_index(system)
    for payload in parameters.values():
        if has_sources:
            _rebase_sources(payload, core_prefix, source_base)
        else:
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
