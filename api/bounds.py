"""The range table: accepted bounds for input values, keyed by variable id or by unit.

This is the only place where input ranges are written. A variable id entry wins over its unit's
entry; a variable with neither gets the default of its value type. Bounds that depend on the
input period (hours, days, months) are written per day or per month and scaled by the length of
the period the value is given for: 24 h a day gives 8,784 h for the year 2024 (8,760 h for 2023),
12 months for a year, 366 days for a leap year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from openfisca_core.periods import DateUnit

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True)
class Bounds:
    """Inclusive bounds. `per_day` / `per_month` scale the maximum with the period length."""

    minimum: float | None = None
    maximum: float | None = None
    per_day: float | None = None
    per_month: float | None = None
    reason: str = ""

    def maximum_for(self, period) -> float | None:
        """The maximum for a value given for `period` (None: no maximum)."""
        if period is None or period.unit == DateUnit.ETERNITY:
            return self.maximum
        if self.per_day is not None:
            return self.per_day * period.size_in_days
        if self.per_month is not None:
            if period.unit == DateUnit.YEAR:
                months = 12 * period.size
            elif period.unit == DateUnit.MONTH:
                months = period.size
            else:  # a few days or weeks hold at most one month of activity
                months = 1
            return self.per_month * months
        return self.maximum


@dataclass(frozen=True)
class DateBounds:
    minimum: date
    maximum: date
    reason: str = ""


#: Bounds by unit (the unit keys of openfisca_cpa/units.yaml).
BY_UNIT: dict[str, Bounds] = {
    "hour": Bounds(0, None, per_day=24, reason="au plus 24 heures par jour de la période"),
    "day": Bounds(0, None, per_day=1, reason="au plus un jour par jour de la période"),
    "month": Bounds(0, None, per_month=1, reason="au plus 12 mois par an"),
    "/1": Bounds(0, 1, reason="un taux entre 0 et 1 (0,12 pour 12 %)"),
    "nombre": Bounds(0, None, reason="un nombre positif"),
    "currency-EUR": Bounds(0, 100_000_000, reason="un montant positif en euros"),
    "point": Bounds(0, 1_000_000, reason="un nombre de points positif"),
    "year": Bounds(0, 2100, reason="une année (0 : aucune)"),
}

#: Bounds by variable id: they win over the unit's bounds.
BY_VARIABLE: dict[str, Bounds | DateBounds] = {
    # Une nuit travaillée au plus par jour de la période.
    "c2p_nuits_travail_nuit": Bounds(0, None, per_day=1, reason="au plus une nuit par jour de la période"),
    "c2p_nuits_equipes_alternantes": Bounds(0, None, per_day=1, reason="au plus une nuit par jour de la période"),
    # Soldes de DIF au 31 décembre 2014 : 120 heures au plus (art. L6323-5 ancien C. trav.).
    "cpf_heures_dif": Bounds(0, 120, reason="120 heures de DIF au plus"),
    "date_naissance": DateBounds(date(1900, 1, 1), date(2100, 12, 31), reason="une date entre 1900 et 2100"),
    # Date de liquidation de la retraite : 9999-12-31 (valeur par défaut) signifie « jamais ».
    "date_liquidation_retraite": DateBounds(
        date(1900, 1, 1), date(9999, 12, 31), reason="une date à partir de 1900 (9999-12-31 : jamais)"
    ),
}

#: Defaults by value type, when neither the id nor the unit has an entry.
DEFAULT_FLOAT = Bounds(-1e12, 1e12, reason="un nombre fini de valeur absolue au plus 10¹²")
DEFAULT_INT = Bounds(INT32_MIN, INT32_MAX, reason="un entier sur 32 bits")
DEFAULT_DATE = DateBounds(date(1800, 1, 1), date(2200, 12, 31), reason="une date entre 1800 et 2200")


def bounds_for(variable) -> Bounds | DateBounds:
    """The bounds that apply to `variable` (an OpenFisca Variable)."""
    if variable.name in BY_VARIABLE:
        return BY_VARIABLE[variable.name]
    if variable.value_type is date:
        return DEFAULT_DATE
    unit = getattr(variable, "unit", None)
    if unit in BY_UNIT:
        return BY_UNIT[unit]
    if variable.value_type is int:
        return DEFAULT_INT
    return DEFAULT_FLOAT


def describe_bounds(bounds: Bounds, period) -> str:
    """French text of the accepted interval for a value given for `period`."""
    low = bounds.minimum
    high = bounds.maximum_for(period)

    def fmt(x: float) -> str:
        if float(x).is_integer():
            return f"{int(x):_}".replace("_", " ")
        return f"{x}".replace(".", ",")

    if low is not None and high is not None and math.isfinite(high):
        text = f"un nombre entre {fmt(low)} et {fmt(high)}"
    elif low is not None:
        text = f"un nombre supérieur ou égal à {fmt(low)}"
    elif high is not None:
        text = f"un nombre inférieur ou égal à {fmt(high)}"
    else:
        text = "un nombre fini"
    if bounds.reason:
        text += f" ({bounds.reason})"
    return text
