"""Computations behind the API, as plain functions: no Flask, callable from a notebook.

    >>> from openfisca_cpa import CountryTaxBenefitSystem
    >>> from api.compute import calculate
    >>> systeme = CountryTaxBenefitSystem()
    >>> calculate(systeme, {"individus": {"a": {"heures_travaillees": {"2024": 1607},
    ...                                          "cpf_alimentation": {"2024": None}}}})
    {'individus': {'a': {'heures_travaillees': {'2024': 1607}, 'cpf_alimentation': {'2024': 500.0}}}}

`calculate` and `trace` take and return the JSON of openfisca_web_api 46 (/calculate, /trace);
`calculate_columns` is the vectorised core of /calculate/population.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence

import numpy as np

from api import budget
from api.columns import first_non_finite, json_values
from api.errors import NonFiniteResultError
from api.situation import Column, Limits, Situation, build_simulation, parse_situation
from openfisca_cpa.colonnes import TAILLE_LOT, Colonne, simuler_par_lots

logger = logging.getLogger(__name__)


def non_finite_error(variable, path) -> NonFiniteResultError:
    return NonFiniteResultError(
        f"Le calcul de {variable.name} a produit une valeur non finie (NaN ou infini), "
        "qui ne peut pas être envoyée en JSON. Vérifiez les entrées de cette personne.",
        path=path,
        expected="un nombre fini",
        received="NaN ou infini",
    )


def compute_requests(simulation, situation: Situation) -> dict[tuple[str, str], list]:
    """Compute each requested (variable, period) once for everybody; JSON-ready lists."""
    by_column: dict[tuple[str, str], list] = {}
    results: dict[tuple[str, str], list] = {}
    for request in situation.requests:
        by_column.setdefault((request.variable.name, request.raw_period), []).append(request)
    for key, requests in by_column.items():
        variable = requests[0].variable
        array = simulation.calculate(variable.name, requests[0].period)
        if first_non_finite(variable, array) is not None:
            finite = np.isfinite(np.asarray(array, dtype=np.float64))
            for request in requests:
                if not finite[request.index]:
                    raise non_finite_error(
                        variable,
                        [situation.plural, request.person_id, variable.name, request.raw_period],
                    )
        results[key] = json_values(variable, array)
    return results


def _fill(payload: Mapping, situation: Situation, results) -> dict:
    """The input situation with every null replaced by its value (openfisca_web_api's answer)."""
    output = dict(payload)
    persons = dict(payload[situation.plural])
    output[situation.plural] = persons
    copied_persons: set[str] = set()
    copied_values: set[tuple[str, str]] = set()
    original_keys = {str(key): key for key in payload[situation.plural]}
    for request in situation.requests:
        key = original_keys[request.person_id]
        if request.person_id not in copied_persons:
            persons[key] = dict(persons[key])
            copied_persons.add(request.person_id)
        person = persons[key]
        name = request.variable.name
        if (request.person_id, name) not in copied_values:
            person[name] = dict(person[name])
            copied_values.add((request.person_id, name))
        person[name][request.raw_period] = results[(name, request.raw_period)][request.index]
    return output


def _check_cost(system, situation: Situation, limits: Limits, answer: str = "json", body_memory: int = 0) -> None:
    outputs = {
        (request.variable.name, str(request.period)): (request.variable, request.period)
        for request in situation.requests
    }
    budget.check(
        system,
        situation.count,
        list(outputs.values()),
        limits.max_cost,
        path=[situation.plural],
        memory_limit=limits.max_memory,
        # The answer repeats the situation: its inputs are sent back with the computed values.
        output_values=len(situation.requests) + situation.count * len(situation.columns),
        inputs=situation.count * len(situation.columns),
        body=body_memory,
        answer=answer,
    )


def calculate(system, payload: object, limits: Limits | None = None, body_memory: int = 0) -> dict:
    """/calculate: the situation with its nulls computed (`body_memory`: see api/budget.py)."""
    limits = limits or Limits()
    situation = parse_situation(system, payload, limits)
    _check_cost(system, situation, limits, "json", body_memory)
    simulation = build_simulation(system, situation.count, situation.columns, situation.ids)
    results = compute_requests(simulation, situation)
    return _fill(payload, situation, results)


def _finite_or_none(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite_or_none(item) for item in value]
    if isinstance(value, dict):
        return {key: _finite_or_none(item) for key, item in value.items()}
    return value


def trace(system, payload: object, limits: Limits | None = None, body_memory: int = 0) -> dict:
    """/trace: every computation step, as openfisca_web_api returns it (NaN sent as null)."""
    limits = limits or Limits()
    situation = parse_situation(system, payload, limits)
    _check_cost(system, situation, limits, "trace", body_memory)
    simulation = build_simulation(system, situation.count, situation.columns, situation.ids)
    simulation.trace = True
    requested = []
    for request in situation.requests:
        requested.append(f"{request.variable.name}<{request.raw_period}>")
        simulation.calculate(request.variable.name, request.period)
    flat = simulation.tracer.get_serialized_flat_trace()
    return {
        "trace": _finite_or_none(flat),
        "entitiesDescription": {
            population.entity.plural: list(population.ids) for population in simulation.populations.values()
        },
        "requestedCalculations": requested,
    }


def calculate_columns(
    system,
    count: int,
    columns: Sequence[Column],
    outputs: Sequence[tuple[object, object, str]],
    taille_lot: int = TAILLE_LOT,
) -> dict[tuple[str, str], np.ndarray]:
    """/calculate/population, on the columnar core of the package (openfisca_cpa/colonnes.py).

    Persons are simulated in batches of `taille_lot`, so the intermediate values held by
    openfisca-core are bounded by the batch, not by the population.

    `columns`: validated input columns; `outputs`: (variable, period, raw period) to compute.
    Returns the raw arrays by (variable id, raw period); NaN and infinities raise NonFiniteResultError.
    """
    results = simuler_par_lots(
        system,
        count,
        [Colonne(c.variable, c.period, c.raw_period, c.array, c.present, c.first_path) for c in columns],
        list(outputs),
        taille_lot=taille_lot,
    )
    for variable, _period, raw in outputs:
        index = first_non_finite(variable, results[(variable.name, raw)])
        if index is not None:
            raise non_finite_error(variable, ["output", variable.name, raw, index])
    return results
