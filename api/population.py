"""Columnar populations (/calculate/population): JSON, CSV and Parquet in and out, no Flask.

JSON body:
    {"count": n,
     "input":  {"<variable>": {"<period>": [n values]}},
     "output": {"<variable>": ["<period>", …]}}
answered {"output": {"<variable>": {"<period>": [n values]}}}.

CSV and Parquet bodies: one row per person, one column per (variable, period) named
"<variable>@<period>" (e.g. "heures_travaillees@2024", "date_naissance@ETERNITY"); an optional
"id" column is copied to the answer. The outputs are asked in the query string
(?output=cpf_solde@2025,cpf_solde@2026) and come back in the same layout. These bodies are read
by the package's table reader, the one of the command and of `Microsimulation`
(openfisca_cpa/population/lecture.py, `SourcePopulation`): same forms (also "<variable>_<year>",
a long form with "annee"), same checks and error codes, same rule of empty cells, and simulated lot
by lot on the same core.

An empty cell (CSV), a null (Parquet) or a `null` in a JSON input list is « not given »: the
formula applies, else the default, and the empty cells are counted in the answer
("cellules_vides", or the CPA-Cellules-Vides header); ?vides=refuser refuses them.

Everything is vectorised: a column is validated, converted and set in one numpy operation, so
the cost is linear in the number of persons.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit

from api import budget
from api.columns import first_non_finite, json_values, round_floats
from api.compute import calculate_columns, non_finite_error
from api.errors import (
    InvalidRequestError,
    TooManyPeriodsError,
    TooManyPersonsError,
    UnknownVariableError,
    describe,
    json_type_name,
    unknown_variable,
)
from api.situation import (
    Column,
    check_input_period,
    check_output_period,
    parse_period,
)
from openfisca_cpa.colonnes import VIDES_COMPLETER, VIDES_REFUSER, nombre_vides, refuser_vides
from openfisca_cpa.entrees import column_from_list_with_nulls, verifier_doublon
from openfisca_cpa.erreurs import ErreurLocalisee
from openfisca_cpa.population.erreurs import ErreurPopulation
from openfisca_cpa.population.lecture import CorpsEnMemoire, OptionsLecture, SourcePopulation

JSON = "application/json"
CSV = "text/csv"
PARQUET = "application/vnd.apache.parquet"
#: Other names of the Parquet media type seen in the wild.
PARQUET_ALIASES = ("application/x-parquet", "application/parquet")

ID_COLUMN = "id"
#: Optional weight column of a CSV or Parquet body (the one of the command), given back in the answer.
WEIGHT_COLUMN = "poids"
SEPARATOR = "@"


@dataclass
class PopulationLimits:
    max_persons: int = 1_000_000
    max_periods: int = 100
    max_cost: int = 0  # CPA_BUDGET_CALCUL, in intermediate values (api/budget.py); 0: no limit
    max_memory: int = 0  # CPA_MEMOIRE_REQUETE, in bytes (api/budget.py); 0: no limit


@dataclass
class PopulationRequest:
    count: int
    columns: list[Column]
    outputs: list[tuple[object, object, str]]  # (variable, period, raw period)
    ids: object = None  # optional Arrow array of the "id" column
    body_memory: int = 0  # memory of the body once read (api/budget.py), counted in the estimate
    #: Cells left empty (CSV/Parquet) or null (JSON lists), by column "<variable>@<period>": they
    #: took the formula or the default (rule « completer »), reported in the answer.
    empty_cells: dict[str, int] = field(default_factory=dict)
    source: object = None  # SourcePopulation of a CSV or Parquet body (the package's table reader)
    weights: np.ndarray | None = None  # the "poids" column of such a body, given back in the answer
    kind: str = "json"
    inputs: int = 0


def _count_empty(request_empty: dict[str, int], name: str, raw: str, present) -> None:
    count = nombre_vides(present)
    if count:
        request_empty[f"{name}{SEPARATOR}{raw}"] = request_empty.get(f"{name}{SEPARATOR}{raw}", 0) + count


def _check_count(count: object, limits: PopulationLimits) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise InvalidRequestError(
            "« count » doit être le nombre de personnes, un entier au moins égal à 1.",
            path=["count"],
            expected="un entier ≥ 1",
            received=describe(count),
        )
    if count > limits.max_persons:
        raise TooManyPersonsError(
            f"La population compte {count} personnes ; la limite est de {limits.max_persons} par requête "
            "(CPA_MAX_PERSONNES). Découpez-la en plusieurs requêtes.",
            path=["count"],
            expected=f"au plus {limits.max_persons} personnes",
            received=count,
        )
    return count


def _variable(system, name, path):
    variable = system.variables.get(name)
    if variable is None:
        raise unknown_variable(name, system.variables, path)
    if variable.entity.key != system.person_entity.key:
        raise InvalidRequestError(
            f"La variable {name} n'est pas définie pour l'entité {system.person_entity.key}.",
            path=path,
            expected=f"une variable de l'entité {system.person_entity.key}",
            received=name,
        )
    return variable


class _PeriodCounter:
    def __init__(self, limits: PopulationLimits):
        self.limits = limits
        self.seen: dict[str, set[str]] = {}

    def add(self, name: str, period, path) -> None:
        seen = self.seen.setdefault(name, set())
        seen.add(str(period))
        if len(seen) > self.limits.max_periods:
            raise TooManyPeriodsError(
                f"La variable {name} est donnée ou demandée pour plus de {self.limits.max_periods} "
                "périodes distinctes (CPA_MAX_PERIODES).",
                path=path,
                expected=f"au plus {self.limits.max_periods} périodes par variable",
                received=len(seen),
            )


def _outputs_from_mapping(system, outputs: object, counter: _PeriodCounter):
    if not isinstance(outputs, Mapping) or not outputs:
        raise InvalidRequestError(
            '« output » doit indiquer les résultats voulus : {"<variable>": ["<période>", …]}.',
            path=["output"],
            expected='un objet non vide {"<variable>": ["<période>", …]}',
            received=describe(outputs),
        )
    result = []
    for name, periods_list in outputs.items():
        variable = _variable(system, name, ["output", name])
        if isinstance(periods_list, str):
            periods_list = [periods_list]
        if not isinstance(periods_list, list) or not periods_list:
            raise InvalidRequestError(
                f'Les périodes voulues pour {name} doivent être une liste, par exemple ["2024"].',
                path=["output", name],
                expected='une liste non vide de périodes, par exemple ["2024", "2025"]',
                received=describe(periods_list),
            )
        for position, raw in enumerate(periods_list):
            path = ["output", name, position]
            period = parse_period(raw, path)
            check_output_period(variable, period, [*path[:-1], raw])
            counter.add(name, period, path)
            result.append((variable, period, raw))
    return result


def parse_json(system, payload: object, limits: PopulationLimits, vides: str = VIDES_COMPLETER) -> PopulationRequest:
    """Validate a columnar JSON body into columns and outputs.

    A `null` in an input list is a cell not given (the rule of empty cells, `vides`, colonnes.py).
    """
    if not isinstance(payload, Mapping):
        raise InvalidRequestError(
            'Le corps doit être un objet JSON {"count": n, "input": {…}, "output": {…}}.',
            expected="un objet JSON",
            received=json_type_name(payload),
        )
    unknown = [key for key in payload if key not in ("count", "input", "output")]
    if unknown:
        raise InvalidRequestError(
            f"Clé inattendue « {describe(unknown[0])} » : seules « count », « input » et « output » sont permises.",
            path=[unknown[0]],
            expected="count, input, output",
            received=describe(unknown[0]),
        )
    count = _check_count(payload.get("count"), limits)
    counter = _PeriodCounter(limits)
    inputs = payload.get("input", {})
    if not isinstance(inputs, Mapping):
        raise InvalidRequestError(
            '« input » doit être un objet {"<variable>": {"<période>": [valeurs]}}.',
            path=["input"],
            expected='un objet {"<variable>": {"<période>": [n valeurs]}}',
            received=json_type_name(inputs),
        )
    columns = []
    empty: dict[str, int] = {}
    for name, by_period in inputs.items():
        variable = _variable(system, name, ["input", name])
        if not isinstance(by_period, Mapping):
            raise InvalidRequestError(
                f'Les valeurs de {name} doivent être données période par période : {{"2024": [n valeurs]}}.',
                path=["input", name],
                expected='un objet {"<période>": [n valeurs]}',
                received=describe(by_period),
            )
        written: dict[str, str] = {}
        for raw, values in by_period.items():
            path = ["input", name, raw]
            period = parse_period(raw, path)
            verifier_doublon(written, str(period), raw, path, f"La colonne de {name} pour {period}")
            check_input_period(variable, period, path)
            counter.add(name, period, path)
            if not isinstance(values, list) or len(values) != count:
                length = len(values) if isinstance(values, list) else None
                raise InvalidRequestError(
                    f"Les valeurs de {name} pour {raw} doivent être une liste de {count} valeurs (une par personne)"
                    + (f", reçu {length}." if length is not None else "."),
                    path=path,
                    expected=f"une liste de {count} valeurs",
                    received=describe(values),
                )

            def locate(i, name=name, raw=raw):
                return ["input", name, raw, i]

            array, present = column_from_list_with_nulls(variable, period, values, locate)
            if vides == VIDES_REFUSER:
                refuser_vides(variable, period, present, locate)
            _count_empty(empty, name, raw, present)
            columns.append(Column(variable, period, raw, array, locate(0), present))
    outputs = _outputs_from_mapping(system, payload.get("output"), counter)
    return PopulationRequest(count, columns, outputs, empty_cells=empty)


def parse_output_query(system, values: Sequence[str], limits: PopulationLimits):
    """Outputs asked in the query string: ?output=cpf_solde@2025,cpf_alimentation@2025."""
    names = [item.strip() for value in values for item in value.split(",") if item.strip()]
    if not names:
        raise InvalidRequestError(
            "Indiquez les résultats voulus dans l'adresse, par exemple ?output=cpf_solde@2025,cpf_solde@2026.",
            path=["output"],
            expected="?output=<variable>@<période>[,…]",
            received=None,
        )
    counter = _PeriodCounter(limits)
    result = []
    for position, item in enumerate(names):
        name, separator, raw = item.partition(SEPARATOR)
        if not separator or not raw:
            raise InvalidRequestError(
                f"« {describe(item)} » : un résultat se demande sous la forme <variable>@<période>.",
                path=["output", position],
                expected="<variable>@<période>, par exemple cpf_solde@2025",
                received=describe(item),
            )
        variable = _variable(system, name, ["output", name])
        period = parse_period(raw, ["output", name, raw])
        check_output_period(variable, period, ["output", name, raw])
        counter.add(name, period, ["output", name, raw])
        result.append((variable, period, raw))
    return result


def read_table(system, body: bytes, media_type: str, vides: str = VIDES_COMPLETER) -> SourcePopulation:
    """A CSV or Parquet body opened by the package's table reader (the one of the command and Python).

    `SourcePopulation` (openfisca_cpa/population/lecture.py) reads the body as it reads a file: the same
    column names (``<variable>@<période>``, ``<variable>_<année>``, ``<variable>`` for ETERNITY), the same
    reserved columns (``id``, optional here; ``poids``, ignored by the computation; ``annee`` for the long
    form), the same conversions, bounds and rule of empty cells, the same error codes. Its errors are
    answered 400 with a path (`_api_error`).
    """
    kind = "csv" if media_type == CSV else "parquet"
    options = OptionsLecture(colonne_id=ID_COLUMN, id_facultatif=True, garder_ordre=True, vides=vides)
    try:
        return SourcePopulation(
            CorpsEnMemoire(body, kind, "Corps CSV" if kind == "csv" else "Corps Parquet"), system, options
        )
    except ErreurPopulation as error:
        raise _api_error(error, kind) from None


class TableError(ErreurLocalisee):
    """An error of the package's table reader, answered 400 with the reader's code."""

    status = 400


def _api_error(error: ErreurPopulation, kind: str, form: str = "large") -> ErreurLocalisee:
    """The reader's error (file, line, column) located as a path: input/<variable>/<period>/<person>.

    Wide form: the person is the row (CSV line 2 is person 0, Parquet row 1 is person 0), the index of
    the same cell in a JSON body; long form: the line of the file (« ligne 5 »).
    """
    path: list[object] = ["input"]
    if error.colonne:
        name, separator, raw = error.colonne.partition(SEPARATOR)
        path.extend([name, raw] if separator else [error.colonne])
    if error.ligne is not None:
        # Une cellule d'une personne (forme large) : son rang, comme en JSON ; sinon la ligne du fichier.
        person = form != "longue" and error.colonne and error.ligne > (1 if kind == "csv" else 0)
        path.append(error.ligne - (2 if kind == "csv" else 1) if person else f"ligne {error.ligne}")
    result = TableError(
        error.message,
        path=path if len(path) > 1 else None,
        expected=error.attendu,
        received=error.valeur,
        suggestions=[error.suggestion] if error.suggestion else None,
    )
    result.code = error.code
    if error.code == "variable_inconnue":
        result.status = UnknownVariableError.status  # 404, comme une variable inconnue d'un corps JSON
    return result


def parse_source(system, body: bytes, media_type: str, outputs, limits: PopulationLimits, vides: str = VIDES_COMPLETER):
    """The body read by the package's reader, checked against the API's limits (persons, periods)."""
    source = read_table(system, body, media_type, vides)
    kind = "csv" if media_type == CSV else "parquet"
    try:
        count = source.inventaire()["individus"]
    except ErreurPopulation as error:
        raise _api_error(error, kind, source.forme) from None
    if not count:
        raise InvalidRequestError(
            "Le fichier ne contient aucune ligne : une ligne par personne est attendue.",
            path=["input"],
            expected="au moins une ligne",
            received=0,
        )
    _check_count(count, limits)
    counter = _PeriodCounter(limits)
    for variable, period, raw in outputs:
        counter.add(variable.name, period, ["output", variable.name, raw])
    for colonne in source.colonnes:
        period = colonne.periode or ("ETERNITY" if colonne.annee is None else colonne.annee)
        counter.add(colonne.variable, period, ["input", colonne.nom])
    request = PopulationRequest(count, [], list(outputs))
    request.source = source
    request.kind = kind
    # Cellules d'entrée posées dans les simulations : en forme longue, une colonne annuelle porte une
    # valeur par personne et par année du fichier (budget de mémoire, api/budget.py).
    years = len(source.inventaire()["annees"]) or 1
    variables = source.systeme.variables
    request.inputs = count * sum(
        years if source.forme == "longue" and variables[c.variable].definition_period != DateUnit.ETERNITY else 1
        for c in source.colonnes
    )
    return request


def calculate_source(system, request: PopulationRequest) -> dict[tuple[str, str], np.ndarray]:
    """The outputs of a body read by `SourcePopulation`, lot by lot on the core of the command.

    Each lot of `taille_lot` persons is simulated by `simulation.construire_simulation` (the lots of
    ``openfisca-cpa simuler`` and of `Microsimulation`), then freed; results are written into arrays
    allocated once. Ids and empty cells are gathered from the lots.
    """
    import gc

    from openfisca_core.indexed_enums import EnumArray

    from openfisca_cpa.population.simulation import construire_simulation

    n = request.count
    results = {(variable.name, raw): np.empty(n, dtype=variable.dtype) for variable, _, raw in request.outputs}
    enums = {}
    ids, weights, start = [], [], 0
    try:
        for lot in request.source.lots():
            simulation = construire_simulation(system, lot)
            end = start + lot.n
            for variable, period, raw in request.outputs:
                values = simulation.calculate(variable.name, period)
                if isinstance(values, EnumArray):
                    enums[(variable.name, raw)] = values.possible_values
                results[(variable.name, raw)][start:end] = values
            ids.append(lot.ids)
            weights.append(lot.poids)
            for column, number in lot.vides.items():
                request.empty_cells[column] = request.empty_cells.get(column, 0) + number
            start = end
            del simulation
            gc.collect()
    except ErreurPopulation as error:
        raise _api_error(error, request.kind, request.source.forme) from None
    for key, possibles in enums.items():
        results[key] = EnumArray(results[key], possibles)
    if WEIGHT_COLUMN in request.source.entete and weights:
        request.weights = np.concatenate(weights)
    if not request.source.sans_id:
        import pyarrow as pa

        request.ids = pa.array(np.concatenate(ids)) if ids else None
    for variable, _period, raw in request.outputs:
        index = first_non_finite(variable, results[(variable.name, raw)])
        if index is not None:
            raise non_finite_error(variable, ["output", variable.name, raw, index])
    return results


def calculate(
    system, request: PopulationRequest, limits: PopulationLimits | None = None, answer: str = JSON
) -> dict[tuple[str, str], np.ndarray]:
    if limits is not None:
        budget.check(
            system,
            request.count,
            [(variable, period) for variable, period, _ in request.outputs],
            limits.max_cost,
            path=["output"],
            memory_limit=limits.max_memory,
            inputs=request.inputs if request.source is not None else request.count * len(request.columns),
            body=request.body_memory,
            answer={CSV: "csv", PARQUET: "parquet"}.get(answer, "json"),
        )
    if request.source is not None:
        return calculate_source(system, request)
    return calculate_columns(system, request.count, request.columns, request.outputs)


def to_json(request: PopulationRequest, results) -> dict:
    output: dict[str, dict[str, list]] = {}
    for variable, _period, raw in request.outputs:
        output.setdefault(variable.name, {})[raw] = json_values(variable, results[(variable.name, raw)])
    answer: dict[str, object] = {"output": output}
    if request.source is not None and request.source.forme == "longue":
        # Forme longue : une personne par identifiant, dans l'ordre des identifiants ; ils sont rendus.
        answer["id"] = request.ids.to_pylist()
    if request.weights is not None:
        # Les poids reçus ne changent pas le calcul d'une personne : ils sont rendus, pas perdus.
        answer["poids"] = request.weights.tolist()
    if request.empty_cells:
        # Rien n'est perdu en silence : les cellules non renseignées, par colonne (règle « completer »).
        answer["cellules_vides"] = dict(request.empty_cells)
    return answer


def _arrow_column(variable, array):
    import pyarrow as pa

    value_type = variable.value_type
    if value_type is float:
        return pa.array(round_floats(array, getattr(variable, "unit", None)))
    if value_type is Enum:
        return pa.array(json_values(variable, array), type=pa.string())
    if value_type is bool:
        return pa.array(np.asarray(array, dtype=bool))
    if value_type is int:
        return pa.array(np.asarray(array, dtype=np.int64))
    if value_type.__name__ == "date":
        return pa.array(np.asarray(array, dtype="datetime64[D]"))
    return pa.array([str(value) for value in np.asarray(array).tolist()])


def to_table(request: PopulationRequest, results):
    import pyarrow as pa

    names, arrays = [], []
    if request.ids is not None:
        names.append(ID_COLUMN)
        arrays.append(request.ids)
    if request.weights is not None:
        names.append(WEIGHT_COLUMN)
        arrays.append(pa.array(request.weights))
    for variable, _period, raw in request.outputs:
        names.append(f"{variable.name}{SEPARATOR}{raw}")
        arrays.append(_arrow_column(variable, results[(variable.name, raw)]))
    return pa.table(arrays, names=names)


def to_bytes(table, media_type: str) -> bytes:
    sink = io.BytesIO()
    if media_type == CSV:
        import pyarrow.csv as pcsv

        from openfisca_cpa.population.ecriture import neutraliser_formules

        pcsv.write_csv(neutraliser_formules(table), sink)
    else:
        import pyarrow.parquet as pq

        pq.write_table(table, sink)
    return sink.getvalue()
