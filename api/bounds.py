"""Bornes des entrées : elles sont écrites une fois, dans le paquet (openfisca_cpa/entrees.py).

Ce module les réexporte pour le code qui les importait d'ici.
"""

from openfisca_cpa.entrees import (
    BY_UNIT,
    BY_VARIABLE,
    DEFAULT_DATE,
    DEFAULT_FLOAT,
    DEFAULT_INT,
    INT32_MAX,
    INT32_MIN,
    Bounds,
    DateBounds,
    bounds_for,
    describe_bounds,
)

__all__ = [
    "BY_UNIT",
    "BY_VARIABLE",
    "DEFAULT_DATE",
    "DEFAULT_FLOAT",
    "DEFAULT_INT",
    "INT32_MAX",
    "INT32_MIN",
    "Bounds",
    "DateBounds",
    "bounds_for",
    "describe_bounds",
]
