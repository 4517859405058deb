"""OpenFisca situations (the /calculate body) parsed into columns, in linear time.

openfisca-core's SimulationBuilder looks each person up with `list.index` for every input value
and the web API does it again for every output, so a situation of n persons costs O(n²) (about
20 s for 10,000 persons). Here every value is read once and put in its column, a numpy array per
(variable, period); each column is then set with one `holder.set_input` call, in the order
openfisca-core uses (shorter periods first, nothing after the variable's `end`). The result is
the same simulation, built in O(number of values).

Semantics kept from openfisca-core: `null` asks for a computation; an input may be given for a
period longer than the definition period when the variable has a `set_input`; an ETERNITY
variable accepts any period; a value given for a period after the variable's `end` is ignored.
Stricter than openfisca-core (on purpose): no string or boolean for a number, no expression
strings, bounds checked (openfisca_cpa/entrees.py), periods within the model's horizon,
the same input given twice refused, and `axes` or group entities are answered 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from openfisca_core import periods
from openfisca_core.periods import DateUnit

from api.columns import column_from_list
from api.errors import (
    IncompatiblePeriodError,
    InvalidRequestError,
    TooManyPeriodsError,
    TooManyPersonsError,
    UnknownEntityError,
    UnsupportedError,
    closest,
    describe,
    json_type_name,
    unknown_variable,
)
from openfisca_cpa.colonnes import Colonne, construire_simulation
from openfisca_cpa.entrees import lire_periode, verifier_doublon

PERIOD_EXAMPLES = {
    DateUnit.YEAR: "une année, par exemple « 2024 »",
    DateUnit.MONTH: "un mois, par exemple « 2024-01 »",
    DateUnit.DAY: "un jour, par exemple « 2024-01-31 »",
    DateUnit.WEEK: "une semaine, par exemple « 2024-W01 »",
    DateUnit.WEEKDAY: "un jour de semaine, par exemple « 2024-W01-1 »",
    DateUnit.ETERNITY: "« ETERNITY » ou n'importe quelle période",
}

EXAMPLE_PERSON = '{"individus": {"alice": {"heures_travaillees": {"2024": 1607}, "cpf_solde": {"2024": null}}}}'


@dataclass
class Limits:
    max_persons: int = 100_000
    max_periods: int = 100
    max_cost: int = 0  # CPA_BUDGET_CALCUL, in intermediate values (api/budget.py); 0: no limit
    max_memory: int = 0  # CPA_MEMOIRE_REQUETE, in bytes (api/budget.py); 0: no limit
    persons_setting: str = "CPA_MAX_PERSONNES_SITUATION"  # named in the 413 message (…_TRACE for /trace)


@dataclass
class ColumnBuffer:
    """Values of one (variable, period) gathered while reading the situation."""

    variable: object
    period: periods.Period
    raw_period: str
    indices: list[int] = field(default_factory=list)
    values: list[object] = field(default_factory=list)


@dataclass
class Column:
    variable: object
    period: periods.Period
    raw_period: str
    array: np.ndarray
    first_path: list[object]
    present: np.ndarray | None = None  # cells given (None: all); the others take the formula or the default


@dataclass
class Request:
    """A `null` of the situation: a value to compute."""

    index: int
    person_id: str
    variable: object
    period: periods.Period
    raw_period: str


@dataclass
class Situation:
    count: int
    ids: list[str]
    plural: str
    columns: list[Column]
    requests: list[Request]


def parse_period(raw: object, path: list[object]) -> periods.Period:
    """A period in the model's horizon (openfisca_cpa/entrees.py), errors located at `path`."""
    return lire_periode(raw, path)


def _period_text(variable) -> str:
    return PERIOD_EXAMPLES.get(variable.definition_period, str(variable.definition_period))


def check_output_period(variable, period: periods.Period, path: list[object]) -> None:
    """The checks of Simulation._check_period_consistency, answered 400 instead of 500."""
    definition = variable.definition_period
    if definition == DateUnit.ETERNITY:
        return
    if period.unit != definition or period.size != 1:
        raise IncompatiblePeriodError(
            f"La variable {variable.name} se calcule pour {_period_text(variable)} (période de définition "
            f"{definition.upper()}), pas pour « {period} ».",
            path=path,
            expected=_period_text(variable),
            received=str(path[-1]),
        )


def check_input_period(variable, period: periods.Period, path: list[object]) -> None:
    """Reject inputs that openfisca-core's holder would refuse (the rest is left to set_input)."""
    definition = variable.definition_period
    if definition == DateUnit.ETERNITY:
        return
    if period.unit == DateUnit.ETERNITY or (
        variable.set_input is None and (period.unit != definition or period.size != 1)
    ):
        raise IncompatiblePeriodError(
            f"La variable {variable.name} se saisit pour {_period_text(variable)} (période de définition "
            f"{definition.upper()}), pas pour « {period} ».",
            path=path,
            expected=_period_text(variable),
            received=str(path[-1]),
        )


def _check_entities(system, payload: Mapping, path_prefix: list[object]) -> str:
    person = system.person_entity
    plurals = [entity.plural for entity in system.entities]
    for key in payload:
        if key == person.plural:
            continue
        if key == "axes":
            raise UnsupportedError(
                "Les axes (« axes ») ne sont pas pris en charge par cette API ; pour faire varier une entrée, "
                "envoyez une population en colonnes à POST /calculate/population.",
                path=[*path_prefix, key],
                expected=f"les clés : {', '.join(plurals)}",
                received=key,
            )
        if key in plurals:
            raise UnsupportedError(
                f"L'entité de groupe « {key} » n'est pas prise en charge par cette API.",
                path=[*path_prefix, key],
                expected=person.plural,
                received=key,
            )
        hint = f" Utilisez le pluriel « {person.plural} »." if key == person.key else ""
        raise UnknownEntityError(
            f"« {describe(key)} » n'est pas une entité du modèle.{hint}",
            path=[*path_prefix, key],
            expected=f"les clés : {', '.join(plurals)}",
            received=describe(key),
            suggestions=closest(str(key), [*plurals, person.key]),
        )
    return person.plural


def parse_situation(system, payload: object, limits: Limits, path_prefix: tuple = ()) -> Situation:
    """Read a situation {"individus": {id: {variable: {period: value|null}}}} into columns."""
    prefix = list(path_prefix)
    if not isinstance(payload, Mapping):
        raise InvalidRequestError(
            f"Le corps doit être un objet JSON décrivant la situation, par exemple {EXAMPLE_PERSON}.",
            path=prefix or None,
            expected="un objet JSON",
            received=json_type_name(payload),
        )
    plural = _check_entities(system, payload, prefix)
    persons = payload.get(plural)
    if not isinstance(persons, Mapping) or not persons:
        raise InvalidRequestError(
            f"La situation doit décrire au moins une personne dans « {plural} », par exemple {EXAMPLE_PERSON}.",
            path=[*prefix, plural],
            expected=f"un objet non vide {{identifiant: {{variable: {{période: valeur}}}}}} sous « {plural} »",
            received=json_type_name(persons) if persons is not None else None,
        )
    count = len(persons)
    if count > limits.max_persons:
        hint = (
            " Pour une population, utilisez POST /calculate/population."
            if limits.persons_setting == "CPA_MAX_PERSONNES_SITUATION"
            else ""
        )
        raise TooManyPersonsError(
            f"La situation décrit {count} personnes ; la limite est de {limits.max_persons} par requête "
            f"({limits.persons_setting}).{hint}",
            path=[*prefix, plural],
            expected=f"au plus {limits.max_persons} personnes",
            received=count,
        )

    variables = system.variables
    person_key = system.person_entity.key
    ids: list[str] = []
    buffers: dict[tuple[str, str], ColumnBuffer] = {}
    requests: list[Request] = []
    period_cache: dict[str, periods.Period] = {}
    periods_by_variable: dict[str, set[str]] = {}
    checked: set[tuple[str, str, bool]] = set()

    for index, (person_id, person) in enumerate(persons.items()):
        person_id = str(person_id)
        ids.append(person_id)
        if not isinstance(person, Mapping):
            raise InvalidRequestError(
                f"La personne « {describe(person_id)} » doit être un objet {{variable: {{période: valeur}}}}.",
                path=[*prefix, plural, person_id],
                expected="un objet {variable: {période: valeur}}",
                received=json_type_name(person),
            )
        for name, values in person.items():
            variable = variables.get(name)
            if variable is None:
                raise unknown_variable(name, variables, [*prefix, plural, person_id, name])
            if variable.entity.key != person_key:
                raise InvalidRequestError(
                    f"La variable {name} est définie pour l'entité {variable.entity.key}, pas pour {person_key}.",
                    path=[*prefix, plural, person_id, name],
                    expected=f"une variable de l'entité {person_key}",
                    received=name,
                )
            if not isinstance(values, Mapping):
                raise InvalidRequestError(
                    f"La valeur de {name} doit être donnée période par période, par exemple "
                    f'{{"{name}": {{"2024": …}}}} (ou {{"ETERNITY": …}} pour une variable permanente).',
                    path=[*prefix, plural, person_id, name],
                    expected="un objet {période: valeur}",
                    received=describe(values),
                )
            written: dict[str, str] = {}
            for raw_period, value in values.items():
                path = [*prefix, plural, person_id, name, raw_period]
                period = period_cache.get(raw_period)
                if period is None:
                    period = parse_period(raw_period, path)
                    period_cache[raw_period] = period
                if len(values) > 1:
                    verifier_doublon(written, str(period), raw_period, path, f"La valeur de {name} pour {period}")
                is_output = value is None
                if (name, raw_period, is_output) not in checked:
                    if is_output:
                        check_output_period(variable, period, path)
                    else:
                        check_input_period(variable, period, path)
                    checked.add((name, raw_period, is_output))
                    seen = periods_by_variable.setdefault(name, set())
                    seen.add(str(period))
                    if len(seen) > limits.max_periods:
                        raise TooManyPeriodsError(
                            f"La variable {name} est donnée ou demandée pour plus de {limits.max_periods} "
                            "périodes distinctes (CPA_MAX_PERIODES).",
                            path=path,
                            expected=f"au plus {limits.max_periods} périodes par variable",
                            received=len(seen),
                        )
                if is_output:
                    requests.append(Request(index, person_id, variable, period, raw_period))
                    continue
                key = (name, str(period))
                buffer = buffers.get(key)
                if buffer is None:
                    buffer = buffers[key] = ColumnBuffer(variable, period, raw_period)
                buffer.indices.append(index)
                buffer.values.append(value)

    columns = []
    for buffer in buffers.values():
        variable, raw = buffer.variable, buffer.raw_period
        indices = buffer.indices

        def locate(i, indices=indices, name=variable.name, raw=raw):
            return [*prefix, plural, ids[indices[i]], name, raw]

        values = column_from_list(variable, buffer.period, buffer.values, locate)
        if len(indices) == count and indices[-1] == count - 1 and indices[0] == 0:
            array = values
        else:
            array = variable.default_array(count)
            array[np.asarray(indices, dtype=np.int64)] = values
        columns.append(Column(variable, buffer.period, raw, array, locate(0)))
    return Situation(count, ids, plural, columns, requests)


def build_simulation(system, count: int, columns: list[Column], ids: list[str] | None = None):
    """A default simulation of `count` persons with each column set by `holder.set_input`.

    The columnar core of the package (openfisca_cpa/colonnes.py) builds it, for every door.
    """
    return construire_simulation(
        system,
        count,
        [Colonne(c.variable, c.period, c.raw_period, c.array, None, c.first_path) for c in columns],
        ids,
    )
