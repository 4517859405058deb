"""Cost of a computation, estimated before computing: a request too costly is refused (413).

openfisca-core keeps in memory every value it computes: for each person, each variable of the
computation chain and each period. A balance asked for year N is computed year by year from
2015, so the cost grows with the number of persons, the variables the outputs depend on and the
number of years up to the latest output. The estimate, in intermediate values:

    persons × (chain variables × years + outputs)

- chain variables: the union of the dependencies of the asked variables; those of a variable are
  read the first time it is asked, from a traced computation of it for one person (`CostModel`);
- years: from the first year the chains read (2015 for the balances) to the latest year asked;
- outputs: the (variable, period) pairs asked, one result column each.

Measured on this model (2 cores): about 4 to 6 bytes of memory per estimated value, so the
default budget of CPA_BUDGET_CALCUL = 500,000,000 values keeps one request under about 3 GB;
1,000,000 persons × cpf_solde up to 2026 (the benchmark of api/README.md) is 2.8 × 10⁸.

Memory (CPA_MEMOIRE_REQUETE, bytes; see `estimate_memory`): the values above are only part of what
a request holds. The worker also holds the body, its parsed form (a JSON number is a Python float of
about 40 bytes), the input arrays, and the answer being built (a JSON value costs about 48 bytes
between the Python list and the encoded text). The memory estimate adds them up, with coefficients
measured on a real gunicorn worker (fiabilite/memoire.py, README « Fiabilité »):

    body (parsed)  + persons × input columns × OCTETS_ENTREE
                   + persons × chain variables × years × OCTETS_VALEUR
                   + output values × OCTETS_SORTIE[answer format]

The body part is checked as soon as the body is read, before it is parsed (`check_body`): JSON from
counts of its separators (`json_memory`), CSV from its header and line count, Parquet from its
metadata (`table_memory`). The whole estimate is checked before computing (`check`). Both refuse with
413 `calcul_trop_couteux`, naming CPA_MEMOIRE_REQUETE.

A traced computation of every variable for one person is also the start-up self-check of
create_app (`check_model`): a formula that cannot compute (a parameter file missing, a broken
formula) stops the start instead of answering 500 later. No Flask import here.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable, Sequence
from datetime import date

from api.delai import DelaiDepasseError
from api.errors import ApiError

logger = logging.getLogger(__name__)


class CalculTropCouteuxError(ApiError):
    """The estimated cost of the computation exceeds CPA_BUDGET_CALCUL."""

    status = 413
    code = "calcul_trop_couteux"


MIB = 1024 * 1024
#: Bytes per intermediate value of the computation chain (float32 arrays, masks, holders: 3.8 measured).
OCTETS_VALEUR = 5
#: Bytes per input value once read (the float64 column, its float32 copy in the holder, the mask…).
OCTETS_ENTREE = 16
#: Bytes per output value while the answer is built, by answer format (measured: JSON 40–45, CSV 55–60).
OCTETS_SORTIE = {"json": 56, "csv": 72, "parquet": 24, "trace": 160}
#: Parsed JSON: a value (number, null, boolean) with its pointer, a container, a string (measured on a
#: gunicorn worker: 50 MiB of numbers held about 11 times their size while parsed, body included).
OCTETS_JSON_VALEUR = 64
OCTETS_JSON_CONTENEUR = 240
OCTETS_JSON_TEXTE = 72


class ModeleNonCalculableError(RuntimeError):
    """A variable of the model cannot be computed (start-up self-check)."""


class CostModel:
    """Dependencies of the variables of a system, read from traced computations of one person.

    The dependencies of a variable are traced in a simulation of its own, the first time they are
    needed: the balance helpers keep year-end states between calls, so in a shared simulation a
    balance computed after another one would show no dependency on the earlier years.
    """

    def __init__(self, system, year: int):
        self._system = weakref.ref(system)
        self.year = year
        self.all_variables = frozenset(system.variables)
        self._entries: dict[str, tuple[frozenset[str], int]] = {}

    def _entry(self, name: str) -> tuple[frozenset[str], int]:
        """(variables of the chain of `name`, first year the chain reads)."""
        found = self._entries.get(name)
        if found is not None:
            return found
        system = self._system()
        variable = system.variables.get(name) if system is not None else None
        if variable is None or not variable.formulas:
            found = (frozenset({name}), self.year)
        else:
            try:
                edges = _graph(system, [name], self.year)
            except DelaiDepasseError:
                raise
            except Exception as error:  # a broken formula: assume it needs the whole model
                logger.warning("Estimation du coût : %s ne se calcule pas (%s)", name, type(error).__name__)
                known = [first for _, first in self._entries.values()]
                found = (self.all_variables, min(known, default=self.year))
            else:
                reached = _closure(edges, (name, _reference_period(variable, self.year)))
                years = [int(period[:4]) for _, period in reached if period[:4].isdigit()]
                found = (frozenset(other for other, _ in reached) | {name}, min(years, default=self.year))
        self._entries[name] = found
        return found

    def closure(self, name: str) -> frozenset[str]:
        return self._entry(name)[0]

    def first_year_of(self, names: Iterable[str]) -> int:
        return min((self._entry(name)[1] for name in names), default=self.year)

    def chain(self, names: Iterable[str]) -> set[str]:
        chain: set[str] = set()
        for name in names:
            chain |= self.closure(name)
        return chain

    def values(self, count: int, outputs: Sequence[tuple[object, object]]) -> int:
        """Intermediate values of the chains only (without the output columns)."""
        if not outputs:
            return 0
        names = {variable.name for variable, _ in outputs}
        last_year = max((y for _, period in outputs if (y := _year(period)) is not None), default=None)
        years = 1 if last_year is None else max(1, last_year - self.first_year_of(names) + 1)
        return count * len(self.chain(names)) * years

    def estimate(self, count: int, outputs: Sequence[tuple[object, object]]) -> int:
        """Intermediate values for `count` persons and the (variable, period) `outputs`."""
        if not outputs:
            return 0
        names = {variable.name for variable, _ in outputs}
        last_year = max((y for _, period in outputs if (y := _year(period)) is not None), default=None)
        years = 1 if last_year is None else max(1, last_year - self.first_year_of(names) + 1)
        return count * (len(self.chain(names)) * years + len(outputs))


def _year(period) -> int | None:
    start = getattr(period, "start", None)
    year = getattr(start, "year", None)
    if year is None or str(getattr(period, "unit", "")) == "eternity":
        return None
    return int(year)


def _reference_period(variable, year: int) -> str:
    unit = str(variable.definition_period)
    if unit == "eternity":
        return "ETERNITY"
    if unit == "month":
        return f"{year}-06"
    if unit in ("day", "weekday"):
        return f"{year}-06-30"
    if unit == "week":
        return f"{year}-W26"
    return str(year)


def _graph(system, names: Sequence[str], year: int) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Edges (variable, period) -> dependencies, from one traced simulation of one person.

    Read from the trace trees, not from the flat trace: a value read again from the cache appears
    as a node without children, and the flat trace may keep that empty node.
    """
    from openfisca_core.simulations import SimulationBuilder

    simulation = SimulationBuilder.build_default_simulation(system, 1)
    simulation.trace = True
    for name in names:
        simulation.calculate(name, _reference_period(system.variables[name], year))
    edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    stack = list(simulation.tracer.trees)
    while stack:
        node = stack.pop()
        children = edges.setdefault((node.name, str(node.period)), set())
        for child in node.children:
            children.add((child.name, str(child.period)))
            stack.append(child)
    return edges


def _closure(edges, start: tuple[str, str]) -> set[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    stack = [start]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, ()))
    return seen


def _failure(name: str, year: int, error: Exception) -> str:
    detail = str(error).strip().splitlines()
    return (
        f"le modèle ne sait pas calculer {name} pour {year} ({type(error).__name__} : "
        f"{detail[-1] if detail else ''}). Un fichier de paramètres manque-t-il (CPA_PARAMETRES_DIR) ? "
        "Vérifiez avec « python -m openfisca_cpa.outils.verification <dossier> »."
    )


def check_model(system, year: int | None = None) -> None:
    """Start-up self-check: every variable computes for one person in `year` (default: this year).

    Raises ModeleNonCalculableError naming the first variable that cannot be computed (a parameter
    file missing, a broken formula).
    """
    year = year or date.today().year
    names = sorted(system.variables)
    try:
        _graph(system, names, year)
    except Exception:
        for name in names:  # one simulation per variable, to name the one that fails
            try:
                _graph(system, [name], year)
            except Exception as error:
                raise ModeleNonCalculableError(_failure(name, year, error)) from error
        raise


def build_cost_model(system, *, strict: bool = False, year: int | None = None) -> CostModel:
    """The cost model of `system`; strict: run the start-up self-check first (check_model)."""
    year = year or date.today().year
    if strict:
        check_model(system, year)
    return CostModel(system, year)


_MODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cost_model(system) -> CostModel:
    """The cost model of a system, built once (tolerant: see build_cost_model)."""
    model = _MODELS.get(system)
    if model is None:
        model = _MODELS[system] = build_cost_model(system)
    return model


def remember(system, model: CostModel) -> None:
    _MODELS[system] = model


def json_memory(body: bytes) -> int:
    """Upper estimate of the memory of a JSON body once parsed (body included), before parsing it.

    Counted with bytes.count (C speed): values from the commas, containers from « [ » and « { », texts
    from the quotes. An empty list « [] » costs 72 bytes for 3 characters: counted here 280.
    """
    containers = body.count(b"[") + body.count(b"{")
    values = body.count(b",") + 1
    texts = body.count(b'"') // 2
    return 2 * len(body) + values * OCTETS_JSON_VALEUR + containers * OCTETS_JSON_CONTENEUR + texts * OCTETS_JSON_TEXTE


def table_memory(body: bytes, media_type: str) -> tuple[int, int, int]:
    """(memory, rows, columns) of a CSV or Parquet body once read into arrays, before reading it."""
    if media_type == "text/csv":
        end = body.find(b"\n")
        header = body if end < 0 else body[:end]
        columns = header.count(b",") + 1
        rows = max(0, body.count(b"\n") - (0 if body.endswith(b"\n") else -1) - 1)
    else:
        import io

        import pyarrow.parquet as pq

        try:
            metadata = pq.ParquetFile(io.BytesIO(body)).metadata
        except Exception:  # unreadable: read_table answers the located 400
            return len(body), 0, 0
        columns, rows = metadata.num_columns, metadata.num_rows
    # Arrow keeps the text and each column (up to 8 bytes a cell, plus a chunk per column), then
    # the columns are converted (OCTETS_ENTREE per value).
    return 2 * len(body) + rows * columns * (8 + OCTETS_ENTREE) + columns * 64 * 1024, rows, columns


def estimate_memory(
    system,
    count: int,
    outputs: Sequence[tuple[object, object]],
    *,
    output_values: int | None = None,
    inputs: int = 0,
    body: int = 0,
    answer: str = "json",
) -> int:
    """Bytes a request holds at its peak: body, inputs, computation chains, answer being built.

    `output_values`: values sent back (default: count × outputs); `inputs`: input values (persons ×
    input columns); `body`: memory of the body once parsed (json_memory, table_memory).
    """
    values = cost_model(system).values(count, outputs) if outputs else 0
    if output_values is None:
        output_values = count * len(outputs)
    if answer == "trace":
        output_values = max(output_values, values)
    return (
        body
        + inputs * OCTETS_ENTREE
        + values * OCTETS_VALEUR
        + output_values * OCTETS_SORTIE.get(answer, OCTETS_SORTIE["json"])
    )


def _memory_error(memory: int, limit: int, detail: str, path=None) -> CalculTropCouteuxError:
    return CalculTropCouteuxError(
        f"Cette requête demanderait environ {_mib(memory)} Mio de mémoire ({detail}) ; la limite est de "
        f"{_mib(limit)} Mio par requête (CPA_MEMOIRE_REQUETE). Découpez la population en plusieurs requêtes, "
        "demandez moins de résultats ou un horizon plus proche.",
        path=path,
        expected=f"au plus {_mib(limit)} Mio de mémoire estimée",
        received=f"{_mib(memory)} Mio",
    )


def check_body(memory: int, limit: int, detail: str) -> None:
    """Before parsing a body: refuse (413) when reading it alone would exceed `limit` (0: no limit)."""
    if limit and memory > limit:
        raise _memory_error(memory, limit, detail, path=None)


def check(
    system,
    count: int,
    outputs: Sequence[tuple[object, object]],
    budget: int,
    path=None,
    *,
    memory_limit: int = 0,
    output_values: int | None = None,
    inputs: int = 0,
    body: int = 0,
    answer: str = "json",
) -> int:
    """Raise CalculTropCouteuxError when the estimate exceeds `budget` (values) or `memory_limit` (bytes).

    0: no limit. Checked before computing anything.
    """
    if not budget or not outputs:
        check_memory(
            system,
            count,
            outputs,
            memory_limit,
            path,
            output_values=output_values,
            inputs=inputs,
            body=body,
            answer=answer,
        )
        return 0
    model = cost_model(system)
    cost = model.estimate(count, outputs)
    if cost > budget:
        names = sorted({variable.name for variable, _ in outputs})
        last = max((y for _, period in outputs if (y := _year(period)) is not None), default=None)
        horizon = f" jusqu'en {last}" if last is not None else ""
        raise CalculTropCouteuxError(
            f"Ce calcul est trop coûteux : environ {_fr(cost)} valeurs intermédiaires ({_fr(count)} personne(s), "
            f"{len(model.chain(names))} variable(s) dans la chaîne de calcul de {len(outputs)} résultat(s) demandé(s)"
            f"{horizon}) ; la limite est de {_fr(budget)} (CPA_BUDGET_CALCUL). Découpez la population en plusieurs "
            "requêtes, demandez moins de résultats ou un horizon plus proche.",
            path=path,
            expected=f"au plus {_fr(budget)} valeurs intermédiaires",
            received=cost,
        )
    check_memory(
        system, count, outputs, memory_limit, path, output_values=output_values, inputs=inputs, body=body, answer=answer
    )
    return cost


def check_memory(
    system,
    count: int,
    outputs: Sequence[tuple[object, object]],
    memory_limit: int,
    path=None,
    *,
    output_values: int | None = None,
    inputs: int = 0,
    body: int = 0,
    answer: str = "json",
) -> int:
    """Raise CalculTropCouteuxError when estimate_memory exceeds `memory_limit` (0: no limit)."""
    if not memory_limit or not outputs:
        return 0
    memory = estimate_memory(
        system, count, outputs, output_values=output_values, inputs=inputs, body=body, answer=answer
    )
    if memory > memory_limit:
        n_out = count * len(outputs) if output_values is None else output_values
        raise _memory_error(
            memory,
            memory_limit,
            f"{_fr(count)} personne(s), {_fr(inputs)} valeur(s) saisie(s), {_fr(n_out)} valeur(s) de résultat "
            f"en {answer.upper() if answer != 'trace' else 'trace'}",
            path=path,
        )
    return memory


def _mib(number: int) -> str:
    return _fr(max(1, round(number / MIB)))


def _fr(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")
