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


def check(system, count: int, outputs: Sequence[tuple[object, object]], budget: int, path=None) -> int:
    """Raise CalculTropCouteuxError when the estimate exceeds `budget` (0: no limit)."""
    if not budget or not outputs:
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
    return cost


def _fr(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")
