"""Columnar populations (/calculate/population): JSON, CSV and Parquet in and out, no Flask.

JSON body:
    {"count": n,
     "input":  {"<variable>": {"<period>": [n values]}},
     "output": {"<variable>": ["<period>", …]}}
answered {"output": {"<variable>": {"<period>": [n values]}}}.

CSV and Parquet bodies: one row per person, one column per (variable, period) named
"<variable>@<period>" (e.g. "heures_travaillees@2024", "date_naissance@ETERNITY"); an optional
"id" column is copied to the answer. The outputs are asked in the query string
(?output=cpf_solde@2025,cpf_solde@2026) and come back in the same layout.

Everything is vectorised: a column is validated, converted and set in one numpy operation, so
the cost is linear in the number of persons.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from openfisca_core.indexed_enums import Enum

from api import budget
from api.columns import column_from_arrow, json_values, round_floats
from api.compute import calculate_columns
from api.errors import (
    InvalidRequestError,
    InvalidValueError,
    TooManyPeriodsError,
    TooManyPersonsError,
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
from openfisca_cpa.erreurs import EntreeEnDouble

JSON = "application/json"
CSV = "text/csv"
PARQUET = "application/vnd.apache.parquet"
#: Other names of the Parquet media type seen in the wild.
PARQUET_ALIASES = ("application/x-parquet", "application/parquet")

ID_COLUMN = "id"
#: A line with nothing but spaces, inside a CSV body (its first line may be blank too).
_BLANK_LINE = re.compile(rb"(?:^|\n)[ \t\r]*(?=\n)")
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


def read_table(body: bytes, media_type: str):
    """Parse a CSV or Parquet body into an Arrow table (errors answered 400)."""
    import pyarrow as pa

    try:
        if media_type == CSV:
            return _read_csv(body)
        import pyarrow.parquet as pq

        return pq.read_table(io.BytesIO(body))
    except (pa.ArrowException, OSError, ValueError) as error:
        kind = "CSV" if media_type == CSV else "Parquet"
        raise InvalidRequestError(
            f"Le corps n'est pas un fichier {kind} lisible : {str(error).splitlines()[0][:200]}",
            expected=f"un fichier {kind} avec une colonne par <variable>@<période>",
            received=f"{len(body)} octets",
        ) from None


def _read_csv(body: bytes):
    """A CSV body read as text columns (the package parses the numbers, one rule for every door).

    A blank line inside the file is refused with its line number: pyarrow would skip it and a
    file of three lines would silently give two persons. Only an empty cell is missing; "NaN",
    "NA" or "null" are texts, refused for a number like "inf".
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    content = body[:-2] if body.endswith(b"\r\n") else body[:-1] if body.endswith(b"\n") else body
    blank = _BLANK_LINE.search(content)
    if blank is not None or not content:
        number = content.count(b"\n", 0, blank.start() + 1) + 1 if blank is not None else 1
        raise InvalidRequestError(
            f"Ligne {number} vide dans le fichier CSV : chaque ligne après l'en-tête décrit une personne. "
            "Retirez la ligne vide (ou remplissez-la).",
            path=["input", f"ligne {number}"],
            expected="une personne par ligne, sans ligne vide",
            received="une ligne vide",
        )
    first_line = content.split(b"\n", 1)[0]
    header = pcsv.read_csv(io.BytesIO(first_line + b"\n"))
    names = header.column_names
    _check_unique_names(names)
    return pcsv.read_csv(
        io.BytesIO(body),
        convert_options=pcsv.ConvertOptions(
            column_types={name: pa.string() for name in names if name != ID_COLUMN},
            strings_can_be_null=True,
            null_values=[""],
            quoted_strings_can_be_null=False,
        ),
    )


def _check_unique_names(names: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in seen:
            raise EntreeEnDouble(
                f"La colonne « {describe(name)} » apparaît deux fois (colonnes {seen[name] + 1} et {position + 1}) : "
                "la seconde effacerait la première. Gardez une seule des deux.",
                path=["input", name],
                expected="des noms de colonnes distincts",
                received=[f"colonne {seen[name] + 1} : {describe(name)}", f"colonne {position + 1} : {describe(name)}"],
            )
        seen[name] = position


def parse_table(
    system, table, outputs, limits: PopulationLimits, *, text: bool = False, vides: str = VIDES_COMPLETER
) -> PopulationRequest:
    """Columns "<variable>@<period>" (and an optional "id") of an Arrow table."""
    count = table.num_rows
    if count < 1:
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
    _check_unique_names(table.column_names)
    columns = []
    empty: dict[str, int] = {}
    ids = None
    written: dict[tuple[str, str], str] = {}
    for position, column_name in enumerate(table.column_names):
        if column_name == ID_COLUMN:
            ids = _id_column(table.column(position))
            continue
        name, separator, raw = column_name.partition(SEPARATOR)
        if not separator or not raw:
            raise InvalidRequestError(
                f"Colonne « {describe(column_name)} » : les colonnes se nomment <variable>@<période> "
                f"(ou « {ID_COLUMN} » pour un identifiant).",
                path=["input", column_name],
                expected="<variable>@<période>, par exemple heures_travaillees@2024",
                received=describe(column_name),
            )
        variable = _variable(system, name, ["input", name])
        path = ["input", name, raw]
        period = parse_period(raw, path)
        verifier_doublon(
            written, (name, str(period)), column_name, ["input", column_name], f"La colonne de {name} pour {period}"
        )
        check_input_period(variable, period, path)
        counter.add(name, period, path)

        def locate(i, name=name, raw=raw):
            return ["input", name, raw, i]

        array, present = column_from_arrow(variable, period, table.column(position), locate, texte=text, vides=vides)
        _count_empty(empty, name, raw, present)
        columns.append(Column(variable, period, raw, array, locate(0), present))
    return PopulationRequest(count, columns, list(outputs), ids, empty_cells=empty)


def _id_column(column):
    """The "id" column, copied to the answer: numbers or texts only (a list or bytes is refused)."""
    import pyarrow as pa

    kind = column.type
    if not (pa.types.is_integer(kind) or pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise InvalidValueError(
            f"La colonne « {ID_COLUMN} » doit contenir des identifiants (entiers ou textes) ; type reçu : {kind}.",
            path=["input", ID_COLUMN],
            expected="des entiers ou des textes",
            received=str(kind),
        )
    return column


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
            inputs=request.count * len(request.columns),
            body=request.body_memory,
            answer={CSV: "csv", PARQUET: "parquet"}.get(answer, "json"),
        )
    return calculate_columns(system, request.count, request.columns, request.outputs)


def to_json(request: PopulationRequest, results) -> dict:
    output: dict[str, dict[str, list]] = {}
    for variable, _period, raw in request.outputs:
        output.setdefault(variable.name, {})[raw] = json_values(variable, results[(variable.name, raw)])
    if request.empty_cells:
        # Rien n'est perdu en silence : les cellules non renseignées, par colonne (règle « completer »).
        return {"output": output, "cellules_vides": dict(request.empty_cells)}
    return {"output": output}


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
