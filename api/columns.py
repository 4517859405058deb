"""Results into JSON; the validated conversion of inputs lives in the package (openfisca_cpa/entrees.py).

One column is the values of one variable for one period, for every person. Inputs arrive as a
Python list (JSON bodies) or as an Arrow array (CSV and Parquet bodies); both end up as a numpy
array of the variable's dtype, after the checks of openfisca_cpa/entrees.py, the same for every
door (web API, population files, Python).

`locate(i)` gives the path segments of the i-th value, so the caller decides how errors are
located (person id in /calculate, index in /calculate/population, line in a CSV body).
"""

from __future__ import annotations

from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum, EnumArray

from openfisca_cpa.entrees import (
    Locate,
    check_numbers,
    column_from_list,
    expected_text,
)

__all__ = [
    "Locate",
    "check_numbers",
    "column_from_list",
    "expected_text",
    "first_non_finite",
    "json_values",
    "round_floats",
]

#: Decimals kept in results, by unit (money to the cent). Results are also kept to 7
#: significant digits, the precision of the model's float32 values.
DECIMALS_BY_UNIT: dict[str, int] = {
    "currency-EUR": 2,
    "hour": 2,
    "day": 2,
    "month": 2,
    "point": 2,
    "year": 0,
    "/1": 6,
}
DEFAULT_DECIMALS = 6
FLOAT32_SIGNIFICANT_DIGITS = 7


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


# --- results ---------------------------------------------------------------------------------


def round_floats(array: np.ndarray, unit: str | None) -> np.ndarray:
    """float64 values rounded to the unit's decimals and to float32's 7 significant digits.

    Dividing an integer-valued float64 by a power of ten gives the float64 nearest to the
    decimal number, so 964.2000122 (float32 964.2) comes out as 964.2, without float(str(x)).
    """
    values = np.asarray(array, dtype=np.float64)
    decimals = DECIMALS_BY_UNIT.get(unit, DEFAULT_DECIMALS)
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
    magnitude = np.where(np.isfinite(magnitude), magnitude, 0)
    digits = np.minimum(decimals, FLOAT32_SIGNIFICANT_DIGITS - 1 - magnitude).astype(np.int64)
    out = np.empty_like(values)
    for d in np.unique(digits):  # a handful of distinct values
        mask = digits == d
        if d >= 0:
            scale = 10.0**d
            out[mask] = np.round(values[mask] * scale) / scale
        else:
            scale = 10.0 ** (-d)
            out[mask] = np.round(values[mask] / scale) * scale
    out[out == 0] = 0.0  # no "-0.0"
    return out


def json_values(variable, array) -> list:
    """JSON-ready list of a result column (floats rounded, enums as names, ISO dates).

    Non-finite floats are left as they are: callers check them with `first_non_finite`.
    """
    value_type = variable.value_type
    if value_type is float:
        return round_floats(array, getattr(variable, "unit", None)).tolist()
    if value_type is Enum:
        if isinstance(array, EnumArray):
            return array.decode_to_str().tolist()
        names = np.asarray([item.name for item in variable.possible_values])
        return names[np.asarray(array)].tolist()
    if value_type is date:
        return np.datetime_as_string(np.asarray(array), unit="D").tolist()
    if value_type is bool:
        return np.asarray(array, dtype=bool).tolist()
    if value_type is int:
        return np.asarray(array).astype(np.int64).tolist()
    return [str(value) for value in np.asarray(array).tolist()]


def first_non_finite(variable, array) -> int | None:
    """Index of the first NaN or infinity of a float result, or None."""
    if variable.value_type is not float:
        return None
    finite = np.isfinite(np.asarray(array, dtype=np.float64))
    if finite.all():
        return None
    return _first(~finite)
