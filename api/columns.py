"""Validated conversion of input values into OpenFisca columns, and of results into JSON.

One column is the values of one variable for one period, for every person. Inputs arrive as a
Python list (JSON bodies) or as an Arrow array (CSV and Parquet bodies); both end up as a numpy
array of the variable's dtype, after the same checks: JSON type (no bool or string for a number),
finiteness, integrality, enumeration names, ISO dates and the bounds of api/bounds.py. The checks
are vectorised; the position of the first faulty value is only searched once an error is known.

`locate(i)` gives the path segments of the i-th value, so the caller decides how errors are
located (person id in /calculate, index in /calculate/population, line in a CSV body).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
from openfisca_core.indexed_enums import Enum, EnumArray

from api.bounds import Bounds, DateBounds, bounds_for, describe_bounds
from api.errors import InvalidValueError, OutOfRangeError, closest, describe, json_type_name

Locate = Callable[[int], Sequence[object]]

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

_NUMBER_TYPES = frozenset({int, float})


def expected_text(variable) -> str:
    """French description of the JSON value expected for `variable`."""
    value_type = variable.value_type
    if value_type is bool:
        return "un booléen (true ou false)"
    if value_type is int:
        return "un nombre entier"
    if value_type is float:
        return "un nombre"
    if value_type is date:
        return "une date au format AAAA-MM-JJ"
    if value_type is Enum:
        names = ", ".join(item.name for item in variable.possible_values)
        return f"une des valeurs : {names}"
    return "une chaîne de caractères"


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _type_error(variable, period, value, path) -> InvalidValueError:
    return InvalidValueError(
        f"La valeur de {variable.name} pour {period} doit être {expected_text(variable)}, pas {json_type_name(value)}.",
        path=path,
        expected=expected_text(variable),
        received=describe(value),
    )


def _check_types(variable, period, values: list, allowed: frozenset, locate: Locate):
    kinds = set(map(type, values))
    if kinds <= allowed:
        return
    for index, value in enumerate(values):
        if type(value) not in allowed:
            raise _type_error(variable, period, value, locate(index))


def check_numbers(variable, period, array: np.ndarray, locate: Locate) -> None:
    """Finiteness, integrality (int variables) and bounds of a float64 array."""
    finite = np.isfinite(array)
    if not finite.all():
        index = _first(~finite)
        raise InvalidValueError(
            f"La valeur de {variable.name} pour {period} doit être un nombre fini.",
            path=locate(index),
            expected="un nombre fini",
            received=describe(float(array[index])),
        )
    if variable.value_type is int:
        fractional = array != np.floor(array)
        if fractional.any():
            index = _first(fractional)
            raise InvalidValueError(
                f"La valeur de {variable.name} pour {period} doit être un nombre entier.",
                path=locate(index),
                expected="un nombre entier",
                received=describe(float(array[index])),
            )
    bounds = bounds_for(variable)
    if not isinstance(bounds, Bounds):
        return
    low, high = bounds.minimum, bounds.maximum_for(period)
    bad = np.zeros(array.shape, dtype=bool)
    if low is not None:
        bad |= array < low
    if high is not None and math.isfinite(high):
        bad |= array > high
    if bad.any():
        index = _first(bad)
        expected = describe_bounds(bounds, period)
        value = array[index].item()
        if float(value).is_integer():
            value = int(value)
        raise OutOfRangeError(
            f"La valeur de {variable.name} pour {period} doit être {expected}.",
            path=locate(index),
            expected=expected,
            received=value,
        )


def _enum_codes(variable, period, names: Sequence[object], locate: Locate) -> EnumArray:
    index_by_name = {item.name: item.index for item in variable.possible_values}
    codes = [index_by_name.get(name, -1) for name in names]
    array = np.asarray(codes, dtype=np.int16)
    unknown = array < 0
    if unknown.any():
        index = _first(unknown)
        name = names[index]
        raise InvalidValueError(
            f"« {describe(name)} » n'est pas une valeur possible de {variable.name}.",
            path=locate(index),
            expected=expected_text(variable),
            received=describe(name),
            suggestions=closest(str(name), index_by_name),
        )
    return EnumArray(array, variable.possible_values)


def _dates(variable, period, strings: np.ndarray, locate: Locate) -> np.ndarray:
    """Strict ISO dates (AAAA-MM-JJ) from an array of str, within the date bounds."""
    try:
        parsed = strings.astype("datetime64[D]")
        valid = np.datetime_as_string(parsed, unit="D") == strings
    except ValueError:
        valid = None
    if valid is None or not valid.all():
        for index, text in enumerate(strings.tolist()):
            try:
                ok = date.fromisoformat(text).isoformat() == text
            except ValueError:
                ok = False
            if not ok:
                raise InvalidValueError(
                    f"La valeur de {variable.name} pour {period} doit être une date valide au format AAAA-MM-JJ.",
                    path=locate(index),
                    expected=expected_text(variable),
                    received=describe(text),
                )
        if valid is None:  # every text is a valid date that numpy refused: parse one by one
            parsed = np.asarray(
                [date.fromisoformat(text) for text in strings.tolist()],
                dtype="datetime64[D]",
            )
    bounds = bounds_for(variable)
    if isinstance(bounds, DateBounds):
        low = np.datetime64(bounds.minimum, "D")
        high = np.datetime64(bounds.maximum, "D")
        bad = (parsed < low) | (parsed > high)
        if bad.any():
            index = _first(bad)
            raise OutOfRangeError(
                f"La valeur de {variable.name} pour {period} doit être {bounds.reason}.",
                path=locate(index),
                expected=f"une date entre {bounds.minimum.isoformat()} et {bounds.maximum.isoformat()}",
                received=str(strings[index]),
            )
    return parsed


def column_from_list(variable, period, values: list, locate: Locate):
    """A validated column from JSON values (a list with one value per person)."""
    value_type = variable.value_type
    if value_type in (float, int):
        _check_types(variable, period, values, _NUMBER_TYPES, locate)
        try:
            array = np.asarray(values, dtype=np.float64)
        except OverflowError:  # an integer beyond float64
            array = np.asarray([v if abs(v) < 1e308 else math.inf for v in values], dtype=np.float64)
        check_numbers(variable, period, array, locate)
        return array.astype(variable.dtype)
    if value_type is bool:
        _check_types(variable, period, values, frozenset({bool}), locate)
        return np.asarray(values, dtype=bool)
    if value_type is Enum:
        _check_types(variable, period, values, frozenset({str}), locate)
        return _enum_codes(variable, period, values, locate)
    if value_type is date:
        _check_types(variable, period, values, frozenset({str}), locate)
        return _dates(variable, period, np.asarray(values, dtype=str), locate)
    _check_types(variable, period, values, frozenset({str}), locate)
    return np.asarray(values, dtype=variable.dtype)


def column_from_arrow(variable, period, column, locate: Locate):
    """A validated column from an Arrow array (CSV or Parquet body)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if column.null_count:
        index = _first(np.asarray(column.is_null()))
        raise InvalidValueError(
            f"Valeur manquante pour {variable.name} en {period} : chaque personne doit avoir une valeur.",
            path=locate(index),
            expected=expected_text(variable),
            received=None,
        )
    kind = column.type
    value_type = variable.value_type

    def wrong_type():
        sample = column[0].as_py() if len(column) else None
        return InvalidValueError(
            f"La colonne de {variable.name} pour {period} doit contenir {expected_text(variable)} ; type reçu : {kind}.",
            path=locate(0),
            expected=expected_text(variable),
            received=describe(sample),
        )

    if value_type in (float, int):
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            try:
                column = pc.cast(column, pa.float64())
            except pa.ArrowInvalid:
                texts = column.to_pylist()
                for index, text in enumerate(texts):
                    try:
                        float(text)
                    except ValueError:
                        raise InvalidValueError(
                            f"La valeur de {variable.name} pour {period} doit être {expected_text(variable)}.",
                            path=locate(index),
                            expected=expected_text(variable),
                            received=describe(text),
                        ) from None
                raise
        elif not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
            raise wrong_type()
        array = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
        check_numbers(variable, period, array, locate)
        return array.astype(variable.dtype)
    if value_type is bool:
        if not pa.types.is_boolean(kind):
            raise wrong_type()
        return np.asarray(column.to_numpy(zero_copy_only=False), dtype=bool)
    if value_type is Enum:
        if pa.types.is_dictionary(kind):
            column = column.cast(kind.value_type)
            kind = column.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            raise wrong_type()
        return _enum_codes(variable, period, column.to_pylist(), locate)
    if value_type is date:
        if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
            strings = np.asarray(pc.strftime(column, format="%Y-%m-%d").to_pylist())
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            strings = np.asarray(column.to_pylist(), dtype=str)
        else:
            raise wrong_type()
        return _dates(variable, period, strings, locate)
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise wrong_type()
    return np.asarray(column.to_pylist(), dtype=variable.dtype)


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
