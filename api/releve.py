"""A person's statement (relevé) and projection, year by year: a thin layer over openfisca_cpa.releve. No Flask.

The statement is a view of the model's movement variables (openfisca_cpa/releve.py): for each
account and year, the balance at start, the rights debited (`debit`, with the amount asked), the
credit before the ceiling (`credit`), the part cut by the ceiling (`plafonnement`), top-ups outside
the ceiling (`abondement-…`), the gap created by a known balance entered by the user
(`solde_connu`), the conversion of hours into euros on 1 January 2019, and the balance at end.
Every figure is a model variable; the movements add up to the balance by construction.

This module adds what only the web API needs: parsing and error paths, and, for each movement, the
parameter values it used (read from the computation trace, plus the parameters that the balance
loops read outside the trace), with the references in force at that date.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
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
from openfisca_cpa.releve import (
    COMPTES,
    LIBELLES,
    Account,
    Conversion,
    Lecteur,
    Phase,
    blocs_annee,
    docstring,
    solde_debut,
)

__all__ = ["ACCOUNTS", "Account", "Conversion", "Phase", "projection", "releve"]

logger = logging.getLogger(__name__)

PERSON_ID = "individu"
FIRST_YEAR, LAST_YEAR = ANNEE_MIN, ANNEE_MAX  # horizon du modèle (openfisca_cpa/entrees.py)

#: The accounts of the statement (openfisca_cpa.releve.COMPTES); tests may replace it.
ACCOUNTS: tuple[Account, ...] = COMPTES

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


def _references(variable) -> list[str]:
    reference = variable.reference
    if reference is None:
        return []
    if isinstance(reference, str):
        return [reference]
    return list(reference)


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


# --- the statement: JSON of one person from the package's view -------------------------------


def _movement(bloc, label: str, amount: float, parameters: list, **extra):
    variable = bloc.variable
    article, rule = docstring(variable, bloc.annee) if variable is not None else (None, "")
    movement = {
        "id": f"{bloc.compte}-{bloc.annee}-{bloc.type}",
        "type": bloc.type,
        "libelle": label,
        "montant": amount,
        "unite": bloc.unite,
        "variable": variable.name if variable is not None else None,
        "article": article,
        "regle": rule,
        "references": _references(variable) if variable is not None else [],
        "parametres": parameters,
    }
    movement.update(extra)
    return movement


def _json_movement(lecteur: Lecteur, bloc, phase: Phase, reader: ParameterReader) -> dict | None:
    unit = bloc.unite
    amount = _value(bloc.montant, unit)
    kind = bloc.type
    if (kind.startswith("abondement-") or kind == "solde_connu") and not amount:
        return None
    extra = {}
    for key, value in (bloc.extra or {}).items():
        if key == "composantes":
            extra[key] = [
                {
                    "variable": name,
                    "montant": _value(array, unit),
                    "article": docstring(lecteur.variable(name), bloc.annee)[0],
                    "regle": docstring(lecteur.variable(name), bloc.annee)[1],
                    "references": _references(lecteur.variable(name)),
                }
                for name, array in value.items()
                if _value(array, unit)
            ]
            if not extra[key]:
                del extra[key]
        else:
            extra[key] = _value(value, unit)
    if kind == "plafonnement":
        extra.setdefault("plafond", None)
    if kind == "debit" and "demande" in extra:
        extra["variable_demande"] = phase.demand
    if kind == "debit" and "achats" in extra:
        extra["variable_achats"] = phase.purchases
    untraced = phase.untraced_parameters if kind == "credit" or (kind == "plafonnement" and not phase.ceiling) else ()
    roots = [f"{name}<{bloc.annee}>" for name in bloc.racines]
    base = "abondement" if kind.startswith("abondement-") else kind
    label = LIBELLES[base].format(annee=bloc.annee)
    return _movement(bloc, label, amount or 0.0, reader.uses(roots, bloc.annee, untraced), **extra)


def _account_rows(lecteur: Lecteur, account: Account, years: list[int], reader: ParameterReader) -> list[dict] | None:
    if not any(lecteur.existe(phase.balance) for phase in account.phases):
        return None
    rows = []
    for year in years:
        found = blocs_annee(lecteur, account, year)
        if found is None:
            continue
        phase, blocs = found
        unit = phase.unit
        movements = [m for m in (_json_movement(lecteur, bloc, phase, reader) for bloc in blocs) if m is not None]
        closing = _value(lecteur(phase.balance, year), unit)
        row = {
            "id": f"{account.id}-{year}",
            "annee": year,
            "solde_debut": {"valeur": _value(solde_debut(lecteur, phase, year), unit), "unite": unit},
            "mouvements": movements,
            "solde_fin": {"valeur": closing, "unite": unit, "variable": phase.balance},
        }
        conversion = account.conversion
        if (
            conversion is not None
            and year == conversion.year
            and lecteur.existe(conversion.variable)
            and phase.balance == conversion.source
        ):
            row.update(_conversion(lecteur, account, conversion, closing, reader))
        rows.append(row)
    return rows


def _conversion(lecteur: Lecteur, account: Account, conversion: Conversion, hours: float, reader) -> dict:
    system = lecteur.systeme
    target = system.variables[conversion.target]
    variable = system.variables[conversion.variable]
    target_unit = getattr(target, "unit", None) or "currency-EUR"
    extra_hours = (
        _value(lecteur(conversion.extra_hours, conversion.year), "hour")
        if lecteur.existe(conversion.extra_hours)
        else 0.0
    )
    parameter = _parameter(system, conversion.rate_parameter)
    rate = parameter(conversion.date) if isinstance(parameter, Parameter) else None
    amount = _value(lecteur(conversion.variable, conversion.year), target_unit)
    article, rule = docstring(variable, conversion.year)
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
        "variable": conversion.variable,
        "article": article,
        "regle": rule,
        "references": _references(variable),
        "parametres": reader.entry_at(conversion.rate_parameter, conversion.date, conversion.year),
    }
    result = {
        "solde_avant_conversion": {"valeur": hours, "unite": "hour"},
        "conversion": movement,
        "solde_fin": {
            "valeur": _value(lecteur(conversion.target, conversion.year), target_unit),
            "unite": target_unit,
            "variable": conversion.target,
        },
    }
    if lecteur.existe(conversion.reprise):
        reprise = _value(lecteur(conversion.reprise, conversion.year), target_unit)
        if reprise:
            reprise_variable = system.variables[conversion.reprise]
            article, rule = docstring(reprise_variable, conversion.year)
            result["solde_connu"] = {
                "id": f"{account.id}-{conversion.year}-solde_connu",
                "type": "solde_connu",
                "libelle": LIBELLES["solde_connu"],
                "montant": reprise,
                "unite": target_unit,
                "variable": conversion.reprise,
                "article": article,
                "regle": rule,
                "references": _references(reprise_variable),
                "parametres": [],
            }
    return result


def _statement(system, columns: list[Column], years: list[int], reference_date: date | None):
    simulation = build_simulation(system, 1, columns, [PERSON_ID])
    simulation.trace = True
    lecteur = Lecteur(simulation)
    # First pass: compute everything the statement reads, so that the trace is complete.
    for account in ACCOUNTS:
        for year in years:
            blocs_annee(lecteur, account, year)
    reader = ParameterReader(system, simulation.tracer.get_serialized_flat_trace(), reference_date)
    accounts = []
    for account in ACCOUNTS:
        rows = _account_rows(lecteur, account, years, reader)
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
