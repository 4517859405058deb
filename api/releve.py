"""A person's statement (relevé) and projection, year by year, from the model. No Flask.

The statement is table-driven: `ACCOUNTS` describes each account (CPF, CPF top-ups, CEC, C2P) by
the ids of its variables. An account appears as soon as its balance variable exists in the
tax-benefit system; a movement appears when its variable exists. Every figure comes from the
model: balances and credits are computed by OpenFisca, never recomputed here. For each year:

- `debit`: rights used during year N (the amount asked, and what could be debited: at most the
  balance, as the model does);
- `credit`: the credit for activity year N before the ceiling;
- `plafonnement`: the part of the credit cut by the ceiling (credit before − credit after);
- `conversion`: hours converted to euros on 1 January 2019 (CPF: hours + DIF, × 15 €/h);
- `abondement`: top-ups outside the ceiling;
- `ajustement`: what the model's balance moved by that the movements above do not explain (for
  an account whose variables do not detail every movement); absent when everything adds up.

Each movement names its variable, its rule and article (the formula's docstring), its references
(the variable's `reference`), and the parameter values it used at that date (from the
computation trace, plus the parameters that the balance loops read outside the trace), with the
references in force at that date.

Where the model exposes no "credit before the ceiling" variable for a year (CPF in hours,
2015-2018), it is obtained from the model itself: the same person is computed again with that
year's ceiling lifted (input 10⁹), all other years unchanged, so the credit is then uncapped.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from openfisca_core import periods
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.periods import DateUnit

from api.columns import round_floats
from api.errors import ApiError, InvalidRequestError, TooManyPeriodsError, describe, json_type_name
from api.metadata import references_at
from api.situation import Column, Limits, build_simulation, parse_situation
from openfisca_cpa.entrees import ANNEE_MAX, ANNEE_MIN

logger = logging.getLogger(__name__)

PERSON_ID = "individu"
LIFTED_CEILING = 1e9
TOLERANCE = 0.005
FIRST_YEAR, LAST_YEAR = ANNEE_MIN, ANNEE_MAX  # horizon du modèle (openfisca_cpa/entrees.py)


@dataclass(frozen=True)
class Phase:
    """Years where an account is kept in one unit with the same variables."""

    first_year: int
    last_year: int | None
    balance: str
    unit: str
    credit: str | None = None  # credit after the ceiling
    credit_before_ceiling: str | None = None
    credit_components: tuple[str, ...] = ()
    top_ups: tuple[str, ...] = ()  # credits outside the ceiling
    ceiling: str | None = None
    debit: str | None = None
    untraced_parameters: tuple[str, ...] = ()  # nodes read outside OpenFisca's tracer
    residual_label: str = "Mouvement non détaillé par le modèle"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class Conversion:
    year: int
    date: str
    source: str  # balance in hours at `year`
    target: str  # balance in euros at `year` (converted)
    rate_parameter: str
    extra_hours: str | None = None  # hours added at the conversion (DIF)


@dataclass(frozen=True)
class Account:
    id: str
    label: str
    phases: tuple[Phase, ...]
    conversion: Conversion | None = None


_CPF_COMPONENTS = (
    "cpf_alimentation_salarie",
    "cpf_alimentation_independant",
    "cpf_alimentation_esat",
    "cpf_alimentation_intermittent",
)

#: The accounts of the statement. Add an account here; no other code changes.
ACCOUNTS: tuple[Account, ...] = (
    Account(
        id="cpf",
        label="Compte personnel de formation : droits statutaires",
        phases=(
            Phase(
                2015,
                2018,
                balance="cpf_solde_heures",
                unit="hour",
                credit="cpf_alimentation",
                ceiling="cpf_plafond",
                debit="cpf_droits_mobilises",
                untraced_parameters=("cpf.heures",),
            ),
            Phase(
                2019,
                None,
                balance="cpf_solde",
                unit="currency-EUR",
                credit="cpf_alimentation",
                credit_before_ceiling="cpf_alimentation_avant_plafond",
                credit_components=_CPF_COMPONENTS,
                ceiling="cpf_plafond",
                debit="cpf_droits_mobilises",
            ),
        ),
        conversion=Conversion(
            year=2018,
            date="2019-01-01",
            source="cpf_solde_heures",
            target="cpf_solde",
            rate_parameter="cpf.conversion.euros_par_heure",
            extra_hours="cpf_heures_dif",
        ),
    ),
    Account(
        id="cpf_abondements",
        label="Compte personnel de formation : abondements et dotations hors plafond",
        phases=(
            Phase(
                2019,
                None,
                balance="cpf_solde_abondements",
                unit="currency-EUR",
                top_ups=(
                    "cpf_abondement_correctif",
                    "cpf_abondement_apc",
                    "cpf_abondement_atmp",
                ),
                debit="cpf_abondements_mobilises",
            ),
        ),
    ),
    Account(
        id="cec",
        label="Compte d'engagement citoyen",
        phases=(
            Phase(
                2017,
                2018,
                balance="cec_solde_heures",
                unit="hour",
                credit="cec_alimentation",
                credit_before_ceiling="cec_alimentation_avant_plafond",
                ceiling="cec_plafond",
                debit="cec_droits_mobilises",
                untraced_parameters=("cec.heures",),
            ),
            Phase(
                2019,
                None,
                balance="cec_solde",
                unit="currency-EUR",
                credit="cec_alimentation",
                credit_before_ceiling="cec_alimentation_avant_plafond",
                ceiling="cec_plafond",
                debit="cec_droits_mobilises",
                untraced_parameters=("cec.euros",),
                residual_label="Droits utilisés ou plafond (non détaillés par le modèle)",
            ),
        ),
        conversion=Conversion(
            year=2018,
            date="2019-01-01",
            source="cec_solde_heures",
            target="cec_solde",
            rate_parameter="cec.conversion.euros_par_heure",
        ),
    ),
    Account(
        id="c2p",
        label="Compte professionnel de prévention",
        phases=(
            Phase(
                2015,
                None,
                balance="c2p_solde_points",
                unit="point",
                credit_before_ceiling="c2p_points_acquis",
                ceiling="c2p_plafond",
                debit="c2p_points_utilises",
                untraced_parameters=("c2p.points",),
                residual_label="Points utilisés et plafond de carrière (non détaillés par le modèle)",
            ),
        ),
    ),
)

#: Inputs that describe one-off events, not a working pattern: never carried forward.
NOT_CARRIED: dict[str, str] = {
    "cpf_droits_mobilises": "droits dépensés pour une formation : un achat ne se répète pas",
    "cpf_abondements_mobilises": "abondements dépensés : un achat ne se répète pas",
    "cpf_abondement_apc_verse": "abondement ponctuel de l'employeur",
    "cpf_licenciement_refus_apc": "événement ponctuel (licenciement)",
    "cpf_abondement_correctif_eligible": "événement ponctuel (état des lieux de l'employeur)",
    "atmp_taux_incapacite_permanente": "événement ponctuel (notification d'incapacité)",
    "cec_droits_mobilises": "droits dépensés : un achat ne se répète pas",
}


# --- helpers ---------------------------------------------------------------------------------


_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _french_date(iso: str) -> str:
    """'2019-01-01' -> '1er janvier 2019'."""
    day = date.fromisoformat(iso)
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


def _negative(amount: float) -> float:
    """-amount, without a "-0.0" in the answer."""
    return -amount if amount else 0.0


def _value(array, unit: str | None) -> float:
    return float(round_floats(np.asarray(array, dtype=np.float64)[:1], unit)[0])


def _docstring(variable, year: int) -> tuple[str | None, str]:
    """(article, rule) of the formula in force in `year`, or the variable's documentation."""
    formula = variable.get_formula(f"{year}-01-01") if variable.formulas else None
    text = inspect.cleandoc(formula.__doc__) if formula is not None and formula.__doc__ else ""
    if not text:
        doc = (variable.documentation or "").strip()
        return None, inspect.cleandoc(doc) if doc else variable.label
    first, _, rest = text.partition("\n")
    article, separator, rule = first.partition(" : ")
    if not separator:
        return None, text
    rule = rule + ("\n" + rest.strip() if rest.strip() else "")
    return article.strip(), rule.strip()


def _references(variable) -> list[str]:
    reference = variable.reference
    if reference is None:
        return []
    if isinstance(reference, str):
        return [reference]
    return list(reference)


def _has_rule(variable, year: int) -> bool:
    """The variable is computed by a formula in `year` (or is a plain input)."""
    if not variable.formulas:
        return True
    return variable.get_formula(f"{year}-01-01") is not None


def _parameter(system, name: str):
    node = system.parameters
    for part in name.split("."):
        children = getattr(node, "children", None)
        if children is None or part not in children:
            return None
        node = children[part]
    return node


def _leaves(node):
    if isinstance(node, Parameter):
        yield node
    elif isinstance(node, ParameterNode):
        for child in node.children.values():
            yield from _leaves(child)


def _value_start(parameter: Parameter, instant: str) -> str | None:
    for at in sorted(parameter.values_list, key=lambda at: at.instant_str, reverse=True):
        if at.instant_str <= instant:
            return at.instant_str
    return None


@dataclass
class ParameterUse:
    parameter: Parameter
    instant: str
    value: object

    def key(self):
        return (self.parameter.name, _value_start(self.parameter, self.instant))


class ParameterReader:
    """Builds the parameter entries of movements, and tells assumptions apart (projection)."""

    def __init__(self, system, trace: dict, reference_date: date | None):
        self.system = system
        self.trace = trace
        self.reference_date = reference_date
        self.assumptions: dict[tuple[str, str | None], dict] = {}

    def _closure_parameters(self, roots: list[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        seen: set[str] = set()
        stack = [root for root in roots if root in self.trace]
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            node = self.trace[key]
            found.update(node.get("parameters") or {})
            stack.extend(dep for dep in node.get("dependencies") or [] if dep not in seen)
        return found

    def uses(self, roots: list[str], year: int, untraced: tuple[str, ...] = ()) -> list[dict]:
        """Parameter values read for the movement's `roots` (trace keys) at dates of `year`."""
        uses: dict[tuple, ParameterUse] = {}
        for key, value in self._closure_parameters(roots).items():
            name, _, instant = key.partition("<")
            instant = instant.rstrip(">")
            if not instant.startswith(f"{year}-"):
                continue
            parameter = _parameter(self.system, name)
            if isinstance(parameter, Parameter):
                use = ParameterUse(parameter, instant, value)
                uses.setdefault(use.key(), use)
        instant = f"{year}-01-01"
        for name in untraced:
            for parameter in _leaves(_parameter(self.system, name)):
                value = parameter(instant)
                if value is None:
                    continue
                use = ParameterUse(parameter, instant, value)
                uses.setdefault(use.key(), use)
        return [self.entry(use, year) for use in sorted(uses.values(), key=lambda u: (u.parameter.name, u.instant))]

    def entry_at(self, name: str, instant: str, year: int) -> list[dict]:
        parameter = _parameter(self.system, name)
        if not isinstance(parameter, Parameter):
            return []
        value = parameter(instant)
        return [self.entry(ParameterUse(parameter, instant, value), year)]

    def entry(self, use: ParameterUse, year: int) -> dict:
        parameter = use.parameter
        metadata = parameter.metadata or {}
        start = _value_start(parameter, use.instant)
        value = use.value
        if isinstance(value, np.generic):
            value = value.item()
        entry = {
            "id": parameter.name,
            "description": parameter.description,
            "valeur": value,
            "unite": metadata.get("unit"),
            "date": use.instant,
            "en_vigueur_depuis": start,
            "references": references_at(metadata, start or use.instant),
        }
        if self.reference_date is not None:
            confirmed = str(metadata.get("last_value_still_valid_on") or self.reference_date.isoformat())
            assumption = use.instant > confirmed and (start is None or start <= confirmed)
            entry["hypothese"] = assumption
            if assumption:
                record = self.assumptions.setdefault(
                    (parameter.name, start),
                    {
                        "id": parameter.name,
                        "description": parameter.description,
                        "valeur": value,
                        "unite": metadata.get("unit"),
                        "en_vigueur_depuis": start,
                        "confirmee_jusqu_au": confirmed,
                        "annees": [],
                    },
                )
                if year not in record["annees"]:
                    record["annees"].append(year)
        return entry


# --- parsing ---------------------------------------------------------------------------------


def _year(payload: Mapping, key: str, default: int | None) -> int:
    value = payload.get(key, default)
    if value is None or isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRequestError(
            f"« {key} » doit être une année (un entier, par exemple 2024).",
            path=[key],
            expected=f"un entier entre {FIRST_YEAR} et {LAST_YEAR}",
            received=describe(value),
        )
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidRequestError(
            f"« {key} » doit être une année entre {FIRST_YEAR} et {LAST_YEAR}.",
            path=[key],
            expected=f"un entier entre {FIRST_YEAR} et {LAST_YEAR}",
            received=value,
        )
    return value


def _check_keys(payload: object, allowed: tuple[str, ...]) -> Mapping:
    if not isinstance(payload, Mapping):
        raise InvalidRequestError(
            'Le corps doit être un objet JSON, par exemple {"individu": {…}, "debut": 2015, "fin": 2026}.',
            expected="un objet JSON",
            received=json_type_name(payload),
        )
    for key in payload:
        if key not in allowed:
            raise InvalidRequestError(
                f"Clé inattendue « {describe(key)} ».",
                path=[key],
                expected=", ".join(allowed),
                received=describe(key),
            )
    if not isinstance(payload.get("individu"), Mapping):
        raise InvalidRequestError(
            '« individu » doit décrire la personne : {"heures_travaillees": {"2024": 1607}, …}, '
            "comme une personne de /calculate.",
            path=["individu"],
            expected="un objet {variable: {période: valeur}}",
            received=json_type_name(payload.get("individu")),
        )
    return payload


def parse_person(system, person: Mapping, limits: Limits) -> list[Column]:
    """The inputs of one person (nulls ignored), errors located under "individu/…"."""
    inputs = {
        name: {raw: value for raw, value in values.items() if value is not None}
        if isinstance(values, Mapping)
        else values
        for name, values in person.items()
    }
    plural = system.person_entity.plural
    try:
        situation = parse_situation(system, {plural: {PERSON_ID: inputs}}, limits)
    except ApiError as error:
        prefix = f"{plural}/{PERSON_ID}"
        if error.path is not None and error.path.startswith(prefix):
            error.path = "individu" + error.path[len(prefix) :]
        raise
    return situation.columns


# --- the statement engine --------------------------------------------------------------------


@dataclass
class _Run:
    system: object
    simulation: object
    columns: list[Column]
    cache: dict = field(default_factory=dict)

    def get(self, name: str, year: int | str):
        key = (name, str(year))
        if key not in self.cache:
            self.cache[key] = self.simulation.calculate(name, str(year))
        return self.cache[key]


def _lifted_credits(system, columns: list[Column], phase: Phase, ceilings: dict[int, float], years: list[int]):
    """Credit before the ceiling for `years`: the model rerun with one year's ceiling lifted each."""
    count = len(years)
    ceiling_variable = system.variables[phase.ceiling]
    extra = []
    kept = [
        column
        for column in columns
        if not (
            column.variable.name == phase.ceiling
            and column.period.unit == DateUnit.YEAR
            and column.period.start.year in ceilings
        )
    ]
    tiled = []
    for column in kept:
        array = column.array
        if isinstance(array, EnumArray):
            repeated = EnumArray(np.repeat(np.asarray(array), count), array.possible_values)
        else:
            repeated = np.repeat(array, count)
        tiled.append(Column(column.variable, column.period, column.raw_period, repeated, column.first_path))
    for year, value in ceilings.items():
        array = np.full(count, value, dtype=ceiling_variable.dtype)
        if year in years:
            array[years.index(year)] = LIFTED_CEILING
        period = periods.period(str(year))
        extra.append(Column(ceiling_variable, period, str(year), array, ["individu"]))
    simulation = build_simulation(system, count, tiled + extra)
    return {year: simulation.calculate(phase.credit, str(year))[position] for position, year in enumerate(years)}


def _movement(account_id, year, kind, label, amount, unit, variable, run_year, parameters, **extra):
    article, rule = _docstring(variable, run_year) if variable is not None else (None, "")
    movement = {
        "id": f"{account_id}-{year}-{kind}",
        "type": kind,
        "libelle": label,
        "montant": amount,
        "unite": unit,
        "variable": variable.name if variable is not None else None,
        "article": article,
        "regle": rule,
        "references": _references(variable) if variable is not None else [],
        "parametres": parameters,
    }
    movement.update(extra)
    return movement


def _account_rows(run: _Run, account: Account, years: list[int], reader: ParameterReader) -> list[dict] | None:
    system = run.system
    variables = system.variables
    phases = [phase for phase in account.phases if phase.balance in variables]
    if not phases:
        return None

    def var(name):
        return variables.get(name) if name else None

    # Years whose credit before the ceiling must come from a lifted-ceiling rerun.
    lifted: dict[Phase, list[int]] = {}
    for year in years:
        phase = next((p for p in phases if p.covers(year)), None)
        if phase is None or not _has_rule(variables[phase.balance], year):
            continue
        before = var(phase.credit_before_ceiling)
        if (before is None or not before.get_formula(f"{year}-01-01")) and var(phase.credit) and var(phase.ceiling):
            lifted.setdefault(phase, []).append(year)
    lifted_values: dict[int, float] = {}
    for phase, phase_years in lifted.items():
        phase_span = [y for y in range(phase.first_year, max(phase_years) + 1)]
        ceilings = {y: float(run.get(phase.ceiling, y)[0]) for y in phase_span}
        lifted_values.update(_lifted_credits(system, run.columns, phase, ceilings, phase_years))

    rows = []
    for year in years:
        phase = next((p for p in phases if p.covers(year)), None)
        if phase is None:
            continue
        balance_variable = variables[phase.balance]
        if not _has_rule(balance_variable, year):
            continue
        unit = phase.unit
        previous = year - 1
        if _has_rule(balance_variable, previous) and (phase.covers(previous) or balance_variable.formulas):
            opening = _value(run.get(phase.balance, previous), unit)
        else:
            opening = 0.0
        # The balance variable may start before the phase (cpf_solde in 2018, the converted amount).
        movements = []
        total = opening
        debit_variable = var(phase.debit)
        if debit_variable is not None:
            asked = _value(run.get(phase.debit, year), unit)
            debited = min(asked, max(opening, 0.0))
            movements.append(
                _movement(
                    account.id,
                    year,
                    "debit",
                    "Droits utilisés dans l'année",
                    _negative(debited),
                    unit,
                    debit_variable,
                    year,
                    reader.uses([f"{phase.debit}<{year}>"], year),
                    demande=asked,
                )
            )
            total -= debited
        before_variable = var(phase.credit_before_ceiling)
        after_variable = var(phase.credit)
        before = None
        if before_variable is not None and before_variable.get_formula(f"{year}-01-01"):
            before = _value(run.get(phase.credit_before_ceiling, year), unit)
            credit_variable = before_variable
        elif year in lifted_values:
            before = _value(np.asarray([lifted_values[year]]), unit)
            credit_variable = after_variable
        after = _value(run.get(phase.credit, year), unit) if after_variable is not None else None
        if before is None and after is not None:
            before, credit_variable = after, after_variable
        if before is not None:
            roots = [f"{credit_variable.name}<{year}>"]
            components = []
            for name in phase.credit_components:
                if name in variables:
                    amount = _value(run.get(name, year), unit)
                    if amount:
                        article, rule = _docstring(variables[name], year)
                        components.append(
                            {
                                "variable": name,
                                "montant": amount,
                                "article": article,
                                "regle": rule,
                                "references": _references(variables[name]),
                            }
                        )
            extra = {"composantes": components} if components else {}
            movements.append(
                _movement(
                    account.id,
                    year,
                    "credit",
                    f"Alimentation au titre de l'année {year}, avant plafond",
                    before,
                    unit,
                    credit_variable,
                    year,
                    reader.uses(roots, year, phase.untraced_parameters),
                    **extra,
                )
            )
            total += before
            ceiling_variable = var(phase.ceiling)
            if after is not None and (ceiling_variable is not None or credit_variable is not after_variable):
                # Without a ceiling variable, the rule is the one of the credit after the ceiling.
                rule_variable = ceiling_variable or after_variable
                ceiling = _value(run.get(phase.ceiling, year), unit) if ceiling_variable else None
                cut = round(before - after, 6)
                if ceiling is not None:
                    # The ceiling limits the credit, never the balance already held (cpf_plafond). When the
                    # model's credit after the ceiling is not that (a known balance entered for a later
                    # year, for instance), only the ceiling's part is shown here; the rest is an adjustment.
                    expected = min(before, max(ceiling - (total - before), 0.0))
                    if abs(expected - after) > TOLERANCE:
                        cut = round(before - expected, 6)
                movements.append(
                    _movement(
                        account.id,
                        year,
                        "plafonnement",
                        "Part de l'alimentation écrêtée par le plafond (alimentation avant plafond − après plafond)",
                        _negative(cut),
                        unit,
                        rule_variable,
                        year,
                        reader.uses(
                            [f"{rule_variable.name}<{year}>"],
                            year,
                            phase.untraced_parameters if ceiling_variable is None else (),
                        ),
                        plafond=ceiling,
                        alimentation_apres_plafond=after,
                    )
                )
                total -= cut
        for name in phase.top_ups:
            if name not in variables:
                continue
            amount = _value(run.get(name, year), unit)
            if amount:
                movements.append(
                    _movement(
                        account.id,
                        year,
                        f"abondement-{name}",
                        "Abondement hors plafond",
                        amount,
                        unit,
                        variables[name],
                        year,
                        reader.uses([f"{name}<{year}>"], year),
                    )
                )
                total += amount
        closing = _value(run.get(phase.balance, year), unit)
        residual = round(closing - total, 6)
        if abs(residual) > TOLERANCE:
            movements.append(
                {
                    "id": f"{account.id}-{year}-ajustement",
                    "type": "ajustement",
                    "libelle": phase.residual_label,
                    "montant": float(round_floats(np.asarray([residual]), unit)[0]),
                    "unite": unit,
                    "variable": phase.balance,
                    "article": None,
                    "regle": "Écart entre le solde calculé par le modèle et la somme des mouvements détaillés (par exemple un solde connu saisi, ou un mouvement que le modèle ne détaille pas).",
                    "references": [],
                    "parametres": [],
                }
            )
        row = {
            "id": f"{account.id}-{year}",
            "annee": year,
            "solde_debut": {"valeur": opening, "unite": unit},
            "mouvements": movements,
            "solde_fin": {"valeur": closing, "unite": unit, "variable": phase.balance},
        }
        conversion = account.conversion
        if (
            conversion is not None
            and year == conversion.year
            and conversion.target in variables
            and phase.balance == conversion.source
        ):
            row.update(_conversion(run, account, conversion, closing, reader))
        rows.append(row)
    return rows


def _conversion(run: _Run, account: Account, conversion: Conversion, hours: float, reader: ParameterReader) -> dict:
    system = run.system
    target = system.variables[conversion.target]
    target_unit = getattr(target, "unit", None) or "currency-EUR"
    extra_hours = (
        _value(run.get(conversion.extra_hours, conversion.year), "hour")
        if conversion.extra_hours in system.variables
        else 0.0
    )
    parameter = _parameter(system, conversion.rate_parameter)
    rate = parameter(conversion.date) if isinstance(parameter, Parameter) else None
    amount = _value(run.get(conversion.target, conversion.year), target_unit)
    article, rule = _docstring(target, conversion.year)
    movement = {
        "id": f"{account.id}-{conversion.year}-conversion",
        "type": "conversion",
        "libelle": f"Conversion des heures en euros le {_french_date(conversion.date)}",
        "date": conversion.date,
        "heures": hours,
        "heures_supplementaires": extra_hours,
        "variable_heures_supplementaires": conversion.extra_hours,
        "taux": rate,
        "montant": amount,
        "unite": target_unit,
        "variable": conversion.target,
        "article": article,
        "regle": rule,
        "references": _references(target),
        "parametres": reader.entry_at(conversion.rate_parameter, conversion.date, conversion.year),
    }
    if rate is not None and abs((hours + extra_hours) * rate - amount) > TOLERANCE:
        movement["note"] = (
            "Le montant n'est pas (heures + heures supplémentaires) × taux : il reprend le solde connu saisi."
        )
    return {
        "solde_avant_conversion": {"valeur": hours, "unite": "hour"},
        "conversion": movement,
        "solde_fin": {"valeur": amount, "unite": target_unit, "variable": conversion.target},
    }


def _statement(system, columns: list[Column], years: list[int], reference_date: date | None):
    simulation = build_simulation(system, 1, columns, [PERSON_ID])
    simulation.trace = True
    run = _Run(system, simulation, columns)
    # First pass: compute everything the statement reads, so that the trace is complete.
    for account in ACCOUNTS:
        for phase in account.phases:
            for year in years:
                if not phase.covers(year):
                    continue
                for name in (
                    phase.balance,
                    phase.credit,
                    phase.credit_before_ceiling,
                    phase.ceiling,
                    phase.debit,
                    *phase.top_ups,
                    *phase.credit_components,
                ):
                    if name and name in system.variables:
                        run.get(name, year)
    reader = ParameterReader(system, simulation.tracer.get_serialized_flat_trace(), reference_date)
    accounts = []
    for account in ACCOUNTS:
        rows = _account_rows(run, account, years, reader)
        if rows is None:
            continue
        accounts.append({"id": account.id, "libelle": account.label, "annees": rows})
    return accounts, reader


def releve(system, payload: object, limits: Limits | None = None, today: date | None = None) -> dict:
    """/releve: balances and movements of each account, year by year."""
    limits = limits or Limits()
    payload = _check_keys(payload, ("individu", "debut", "fin"))
    today = today or date.today()
    start = _year(payload, "debut", 2015)
    end = _year(payload, "fin", today.year)
    if end < start:
        raise InvalidRequestError(
            "« fin » doit être postérieure ou égale à « debut ».",
            path=["fin"],
            expected=f"une année ≥ {start}",
            received=end,
        )
    if end - start + 1 > limits.max_periods:
        raise TooManyPeriodsError(
            f"Le relevé couvre {end - start + 1} années ; la limite est de {limits.max_periods} (CPA_MAX_PERIODES).",
            path=["fin"],
            expected=f"au plus {limits.max_periods} années",
            received=end - start + 1,
        )
    columns = parse_person(system, payload["individu"], limits)
    accounts, _ = _statement(system, columns, list(range(start, end + 1)), None)
    return {"individu": PERSON_ID, "debut": start, "fin": end, "comptes": accounts}


def projection(system, payload: object, limits: Limits | None = None, today: date | None = None) -> dict:
    """/projection: balances up to `jusqu_a` if the last known year's working pattern goes on."""
    limits = limits or Limits()
    payload = _check_keys(payload, ("individu", "jusqu_a", "derniere_annee_connue", "date_reference"))
    today = today or date.today()
    if "date_reference" in payload:
        raw = payload["date_reference"]
        try:
            today = date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
        except ValueError:
            today = None
        if today is None:
            raise InvalidRequestError(
                "« date_reference » doit être une date AAAA-MM-JJ (la date à laquelle la loi est connue).",
                path=["date_reference"],
                expected="une date AAAA-MM-JJ",
                received=describe(raw),
            )
    target = _year(payload, "jusqu_a", None)
    columns = parse_person(system, payload["individu"], limits)

    def carried(column: Column) -> bool:
        variable = column.variable
        return (
            variable.definition_period == DateUnit.YEAR
            and column.period.unit == DateUnit.YEAR
            and column.period.size == 1
            and not variable.formulas
            and variable.name not in NOT_CARRIED
        )

    known_years = [column.period.start.year for column in columns if carried(column)]
    if "derniere_annee_connue" in payload:
        last = _year(payload, "derniere_annee_connue", None)
    elif known_years:
        last = max(known_years)
    else:
        raise InvalidRequestError(
            "Aucune année d'activité connue : donnez au moins une entrée annuelle (par exemple "
            "heures_travaillees pour une année) ou « derniere_annee_connue ».",
            path=["individu"],
            expected="au moins une entrée annuelle de la personne",
            received=None,
        )
    if target <= last:
        raise InvalidRequestError(
            f"« jusqu_a » doit être postérieure à la dernière année connue ({last}).",
            path=["jusqu_a"],
            expected=f"une année > {last}",
            received=target,
        )
    if target - last > limits.max_periods:
        raise TooManyPeriodsError(
            f"La projection couvre {target - last} années ; la limite est de {limits.max_periods} (CPA_MAX_PERIODES).",
            path=["jusqu_a"],
            expected=f"au plus {limits.max_periods} années",
            received=target - last,
        )

    given = {
        (column.variable.name, column.period.start.year) for column in columns if column.period.unit == DateUnit.YEAR
    }
    carried_inputs, not_carried = [], []
    extended = list(columns)
    for column in columns:
        if column.period.unit != DateUnit.YEAR or column.period.start.year != last:
            continue
        name = column.variable.name
        if not carried(column):
            if name in NOT_CARRIED:
                not_carried.append({"variable": name, "raison": NOT_CARRIED[name]})
            continue
        years = [year for year in range(last + 1, target + 1) if (name, year) not in given]
        for year in years:
            extended.append(
                Column(column.variable, periods.period(str(year)), str(year), column.array.copy(), column.first_path)
            )
        value = column.array[0]
        value = value.item() if isinstance(value, np.generic) else value
        if isinstance(column.array, EnumArray):
            value = column.array.decode_to_str()[0]
        carried_inputs.append({"variable": name, "valeur": value, "annees": years})
    for name in sorted({column.variable.name for column in columns} & set(NOT_CARRIED)):
        if not any(item["variable"] == name for item in not_carried):
            not_carried.append({"variable": name, "raison": NOT_CARRIED[name]})

    years = list(range(last + 1, target + 1))
    accounts, reader = _statement(system, extended, [last, *years], today)
    result_accounts = []
    for account in accounts:
        rows = account["annees"]
        known = next((row for row in rows if row["annee"] == last), None)
        projected = [row for row in rows if row["annee"] > last]
        result_accounts.append(
            {
                "id": account["id"],
                "libelle": account["libelle"],
                "solde_connu": {"annee": last, **known["solde_fin"]} if known else None,
                "solde_projete": {"annee": target, **projected[-1]["solde_fin"]} if projected else None,
                "annees": projected,
            }
        )
    assumptions = sorted(reader.assumptions.values(), key=lambda item: (item["id"], item["en_vigueur_depuis"] or ""))
    for item in assumptions:
        item["annees"] = sorted(item["annees"])
    return {
        "individu": PERSON_ID,
        "derniere_annee_connue": last,
        "jusqu_a": target,
        "date_reference": today.isoformat(),
        "comptes": result_accounts,
        "hypotheses": {
            "regle": (
                "La personne garde le rythme de travail de sa dernière année connue ; la loi est celle "
                "connue à la date de référence : au-delà de la date jusqu'à laquelle un paramètre est "
                "confirmé (last_value_still_valid_on), sa dernière valeur est reconduite."
            ),
            "entrees_reconduites": carried_inputs,
            "entrees_non_reconduites": not_carried,
            "parametres_reconduits": assumptions,
        },
    }
