"""Règles des entrées du modèle : bornes et types de chaque variable d'entrée, horizon des périodes.

C'est le seul endroit où ces règles sont écrites ; l'API web (/calculate, /trace, /releve,
/calculate/population), la lecture des fichiers de population (`openfisca-cpa`) et l'API Python
(`Microsimulation`) les appliquent toutes avec les mêmes codes et les mêmes messages.

- **Horizon des périodes** : une période donnée ou demandée doit tenir entre `HORIZON_DEBUT`
  (1er janvier 2010) et `HORIZON_FIN` (31 décembre 2100). Le droit n'est connu que jusqu'à
  aujourd'hui, mais une projection de carrière demande des décennies ; au-delà de 2100, ou avant
  2010 (aucun compte n'existait : le CPF et le C2P datent de 2015, le CEC de 2017, le DIF est une
  entrée permanente), une période coûte des boucles inutiles (une année 9999 faisait rejouer
  les soldes pendant des secondes) et dépasse les dates que numpy et openfisca-core savent
  représenter. Une période hors de l'horizon est refusée (code `periode_hors_horizon`).
  Les périodes permanentes (ETERNITY) ne sont pas concernées.
- **Bornes** : par identifiant de variable (`PAR_VARIABLE`), sinon par unité (`PAR_UNITE`, les
  clés de openfisca_cpa/units.yaml). Les bornes qui dépendent de la période (heures, jours,
  mois) sont écrites par jour ou par mois et multipliées par la durée de la période : 24 h par
  jour donnent 8 784 h pour 2024, 12 mois pour une année, 366 jours pour une année bissextile.
  Une quantité permanente (ETERNITY) en heures, en euros ou en points a toujours un maximum fini.
- **Types** (une seule règle pour toutes les portes) : un nombre est un nombre. Les formats typés
  (JSON, Parquet, Arrow, pandas) doivent porter des nombres : un texte « 1607 » y est refusé,
  comme une chaîne JSON. Seul le CSV, texte par nature, est lu : une cellule y est un nombre
  décimal à point, espaces autour ignorés (« 1607 », « 1e3 », « 12.5 »). NaN et l'infini sont
  refusés partout, qu'ils soient écrits en texte (« NaN », « inf ») ou reçus en nombre. Une
  cellule vide (CSV), une valeur nulle (Parquet, Arrow) ou manquante (`NA`/`NaN` d'un DataFrame,
  le marqueur de pandas) vaut « non renseignée » : voir README pour ce qu'en fait chaque porte.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from openfisca_core import periods
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.periods import DateUnit

from openfisca_cpa.erreurs import (
    EntreeEnDouble,
    PeriodeHorsHorizon,
    PeriodeInvalide,
    ValeurHorsBornes,
    ValeurInvalide,
    closest,
    describe,
)

#: Horizon des périodes acceptées (inclus) : voir la docstring du module.
HORIZON_DEBUT = date(2010, 1, 1)
HORIZON_FIN = date(2100, 12, 31)
ANNEE_MIN, ANNEE_MAX = HORIZON_DEBUT.year, HORIZON_FIN.year

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

Locate = Callable[[int], Sequence[object]]


@dataclass(frozen=True)
class Bounds:
    """Bornes incluses. `per_day` / `per_month` proportionnent le maximum à la durée de la période ;
    `maximum` est aussi le maximum d'une valeur permanente (ETERNITY)."""

    minimum: float | None = None
    maximum: float | None = None
    per_day: float | None = None
    per_month: float | None = None
    reason: str = ""

    def maximum_for(self, period) -> float | None:
        """Le maximum d'une valeur donnée pour `period` (None : aucun maximum)."""
        if period is None or period.unit == DateUnit.ETERNITY:
            return self.maximum
        if self.per_day is not None:
            return self.per_day * period.size_in_days
        if self.per_month is not None:
            if period.unit == DateUnit.YEAR:
                months = 12 * period.size
            elif period.unit == DateUnit.MONTH:
                months = period.size
            else:  # quelques jours ou semaines portent au plus un mois d'activité
                months = 1
            return self.per_month * months
        return self.maximum


@dataclass(frozen=True)
class DateBounds:
    minimum: date
    maximum: date
    reason: str = ""


#: Bornes par unité (les clés de openfisca_cpa/units.yaml).
PAR_UNITE: dict[str, Bounds] = {
    "hour": Bounds(0, None, per_day=24, reason="au plus 24 heures par jour de la période"),
    "day": Bounds(0, None, per_day=1, reason="au plus un jour par jour de la période"),
    "month": Bounds(0, None, per_month=1, reason="au plus 12 mois par an"),
    "/1": Bounds(0, 1, reason="un taux entre 0 et 1 (0,12 pour 12 %)"),
    "nombre": Bounds(0, 1_000_000, reason="un nombre positif"),
    "currency-EUR": Bounds(0, 100_000_000, reason="un montant positif en euros, au plus 100 millions"),
    "point": Bounds(0, 1_000_000, reason="un nombre de points positif"),
    "year": Bounds(0, ANNEE_MAX, reason=f"une année jusqu'à {ANNEE_MAX} (0 : aucune)"),
}

#: Bornes par identifiant de variable : elles l'emportent sur celles de l'unité.
PAR_VARIABLE: dict[str, Bounds | DateBounds] = {
    # Une nuit travaillée au plus par jour de la période.
    "c2p_nuits_travail_nuit": Bounds(0, None, per_day=1, reason="au plus une nuit par jour de la période"),
    "c2p_nuits_equipes_alternantes": Bounds(0, None, per_day=1, reason="au plus une nuit par jour de la période"),
    # Soldes de DIF au 31 décembre 2014 : 120 heures au plus (art. L6323-5 ancien C. trav.).
    "cpf_heures_dif": Bounds(0, 120, reason="120 heures de DIF au plus"),
    # Solde d'heures CPF d'avant 2019 : au plus le plafond majoré des heures (400 h, paramètre
    # cpf.heures.peu_qualifie.plafond ; vérifié par openfisca_cpa/tests/test_entrees.py).
    "cpf_solde_heures_initial": Bounds(0, 400, reason="un solde d'heures CPF, au plus 400 heures (plafond majoré)"),
    # Solde de points C2P : au plus le plafond de carrière (paramètre c2p.points.plafond_carriere).
    "c2p_solde_points_initial": Bounds(0, 100, reason="au plus 100 points (plafond de carrière du C2P)"),
    "date_naissance": DateBounds(date(1900, 1, 1), date(2100, 12, 31), reason="une date entre 1900 et 2100"),
    # Date de liquidation de la retraite : 9999-12-31 (valeur par défaut) signifie « jamais ».
    "date_liquidation_retraite": DateBounds(
        date(1900, 1, 1), date(9999, 12, 31), reason="une date à partir de 1900 (9999-12-31 : jamais)"
    ),
}

#: Valeurs par défaut selon le type, quand ni l'identifiant ni l'unité n'ont d'entrée. Une
#: variable d'entrée numérique ne doit pas y tomber (méta-test de openfisca_cpa/tests/test_entrees.py).
DEFAUT_DECIMAL = Bounds(-1e12, 1e12, reason="un nombre fini de valeur absolue au plus 10¹²")
DEFAUT_ENTIER = Bounds(INT32_MIN, INT32_MAX, reason="un entier sur 32 bits")
DEFAUT_DATE = DateBounds(date(1800, 1, 1), date(2200, 12, 31), reason="une date entre 1800 et 2200")

# Noms anglais gardés pour le code qui les importait depuis api/bounds.py.
BY_UNIT, BY_VARIABLE = PAR_UNITE, PAR_VARIABLE
DEFAULT_FLOAT, DEFAULT_INT, DEFAULT_DATE = DEFAUT_DECIMAL, DEFAUT_ENTIER, DEFAUT_DATE


def bounds_for(variable) -> Bounds | DateBounds:
    """Les bornes qui s'appliquent à `variable` (une Variable OpenFisca)."""
    if variable.name in PAR_VARIABLE:
        return PAR_VARIABLE[variable.name]
    if variable.value_type is date:
        return DEFAUT_DATE
    unit = getattr(variable, "unit", None)
    if unit in PAR_UNITE:
        return PAR_UNITE[unit]
    if variable.value_type is int:
        return DEFAUT_ENTIER
    return DEFAUT_DECIMAL


def _fmt(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):_}".replace("_", " ")
    return f"{x}".replace(".", ",")


def describe_bounds(bounds: Bounds, period) -> str:
    """Texte français de l'intervalle accepté pour une valeur donnée pour `period`."""
    low = bounds.minimum
    high = bounds.maximum_for(period)
    if low is not None and high is not None and math.isfinite(high):
        text = f"un nombre entre {_fmt(low)} et {_fmt(high)}"
    elif low is not None:
        text = f"un nombre supérieur ou égal à {_fmt(low)}"
    elif high is not None:
        text = f"un nombre inférieur ou égal à {_fmt(high)}"
    else:
        text = "un nombre fini"
    if bounds.reason:
        text += f" ({bounds.reason})"
    return text


# --- Périodes -----------------------------------------------------------------------------------

PERIODE_ATTENDUE = "une période OpenFisca : « 2024 », « 2024-01 », « 2024-01-31 » ou « ETERNITY »"
HORIZON_TEXTE = f"une période comprise entre le {HORIZON_DEBUT:%d/%m/%Y} et le {HORIZON_FIN:%d/%m/%Y}"


def verifier_horizon(period, path, raw=None) -> None:
    """Refuse une période (déjà lue) hors de l'horizon du modèle."""
    if period.unit == DateUnit.ETERNITY:
        return
    start = period.start
    try:
        stop = period.stop
        hors = start.date < HORIZON_DEBUT or stop.date > HORIZON_FIN
    except (ValueError, OverflowError):  # fin au-delà de l'an 9999
        hors = True
    if hors:
        texte = raw if raw is not None else str(period)
        raise PeriodeHorsHorizon(
            f"La période « {describe(texte)} » est hors de l'horizon du modèle : {HORIZON_TEXTE} "
            f"(années {ANNEE_MIN} à {ANNEE_MAX}).",
            path=path,
            expected=HORIZON_TEXTE,
            received=describe(texte),
        )


def lire_periode(raw: object, path) -> periods.Period:
    """Une période OpenFisca lue depuis un texte, dans l'horizon du modèle."""
    if not isinstance(raw, str):
        raise PeriodeInvalide(
            "Une période doit être une chaîne de caractères.",
            path=path,
            expected=PERIODE_ATTENDUE,
            received=describe(raw),
        )
    try:
        period = periods.period(raw)
    except (ValueError, TypeError, AttributeError, OverflowError):
        raise PeriodeInvalide(
            f"« {describe(raw)} » n'est pas une période valide.",
            path=path,
            expected=PERIODE_ATTENDUE,
            received=describe(raw),
        ) from None
    verifier_horizon(period, path, raw)
    return period


def verifier_doublon(vues: dict, cle, texte: str, path, objet: str) -> None:
    """Refuse une entrée déjà vue sous une autre écriture (« 2024 » et « year:2024 »).

    `vues` associe une clé normalisée (variable, période) à son écriture d'origine.
    """
    premier = vues.get(cle)
    if premier is None:
        vues[cle] = texte
        return
    raise EntreeEnDouble(
        f"{objet} est donnée deux fois : « {describe(premier)} » et « {describe(texte)} » désignent la même "
        "entrée. Gardez une seule des deux.",
        path=path,
        expected="une seule valeur par variable et par période",
        received=[describe(premier), describe(texte)],
    )


# --- Valeurs ------------------------------------------------------------------------------------


def expected_text(variable) -> str:
    """Description française de la valeur attendue pour `variable`."""
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


def json_type_name(value: object) -> str:
    """Nom français du type JSON d'une valeur."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, str):
        return "une chaîne de caractères"
    if isinstance(value, dict):
        return "un objet"
    if isinstance(value, list | tuple):
        return "un tableau"
    return type(value).__name__


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _type_error(variable, period, value, path) -> ValeurInvalide:
    return ValeurInvalide(
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


def check_numbers(variable, period, array: np.ndarray, locate: Locate, present: np.ndarray | None = None) -> None:
    """Finitude, intégralité (variables entières) et bornes d'un tableau float64.

    `present` (facultatif) : les cases renseignées ; les autres ne sont pas vérifiées.
    """
    finite = np.isfinite(array)
    if present is not None:
        finite |= ~present
    if not finite.all():
        index = _first(~finite)
        raise ValeurInvalide(
            f"La valeur de {variable.name} pour {period} doit être un nombre fini.",
            path=locate(index),
            expected="un nombre fini",
            received=describe(float(array[index])),
        )
    if variable.value_type is int:
        fractional = array != np.floor(array)
        if present is not None:
            fractional &= present
        if fractional.any():
            index = _first(fractional)
            raise ValeurInvalide(
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
    if present is not None:
        bad &= present
    if bad.any():
        index = _first(bad)
        expected = describe_bounds(bounds, period)
        value = array[index].item()
        if float(value).is_integer() and abs(value) < 1e15:
            value = int(value)
        raise ValeurHorsBornes(
            f"La valeur de {variable.name} pour {period} doit être {expected}.",
            path=locate(index),
            expected=expected,
            received=value,
        )


def enum_codes(variable, period, names: Sequence[object], locate: Locate) -> EnumArray:
    index_by_name = {item.name: item.index for item in variable.possible_values}
    codes = [index_by_name.get(name, -1) for name in names]
    array = np.asarray(codes, dtype=np.int16)
    unknown = array < 0
    if unknown.any():
        index = _first(unknown)
        name = names[index]
        raise ValeurInvalide(
            f"« {describe(name)} » n'est pas une valeur possible de {variable.name}.",
            path=locate(index),
            expected=expected_text(variable),
            received=describe(name),
            suggestions=closest(str(name), index_by_name),
        )
    return EnumArray(array, variable.possible_values)


def check_dates(variable, period, parsed: np.ndarray, locate: Locate, present=None) -> None:
    """Bornes d'un tableau datetime64[D]."""
    bounds = bounds_for(variable)
    if not isinstance(bounds, DateBounds):
        return
    low = np.datetime64(bounds.minimum, "D")
    high = np.datetime64(bounds.maximum, "D")
    bad = (parsed < low) | (parsed > high)
    if present is not None:
        bad &= present
    if bad.any():
        index = _first(bad)
        raise ValeurHorsBornes(
            f"La valeur de {variable.name} pour {period} doit être {bounds.reason}.",
            path=locate(index),
            expected=f"une date entre {bounds.minimum.isoformat()} et {bounds.maximum.isoformat()}",
            received=str(parsed[index]),
        )


def dates(variable, period, strings: np.ndarray, locate: Locate) -> np.ndarray:
    """Dates ISO strictes (AAAA-MM-JJ) depuis un tableau de str, dans les bornes de la variable."""
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
                raise ValeurInvalide(
                    f"La valeur de {variable.name} pour {period} doit être une date valide au format AAAA-MM-JJ.",
                    path=locate(index),
                    expected=expected_text(variable),
                    received=describe(text),
                )
        if valid is None:  # des dates valides que numpy a refusées : lues une à une
            parsed = np.asarray(
                [date.fromisoformat(text) for text in strings.tolist()],
                dtype="datetime64[D]",
            )
    check_dates(variable, period, parsed, locate)
    return parsed


_NUMBER_TYPES = frozenset({int, float})


def column_from_list_with_nulls(variable, period, values: list, locate: Locate):
    """(colonne validée, renseignées) depuis une liste JSON où `null` veut dire « non renseignée ».

    `renseignees` est None quand toutes les valeurs sont données. Seules les valeurs données sont
    validées (une erreur garde l'indice de la personne) ; les autres cases prennent la valeur par
    défaut, et le cœur en colonnes (colonnes.py) leur donne la formule s'il y en a une, comme à une
    cellule vide d'un fichier.
    """
    if type(None) not in set(map(type, values)):
        return column_from_list(variable, period, values, locate), None
    objets = np.empty(len(values), dtype=object)
    objets[:] = values
    renseignees = np.not_equal(objets, None)
    positions = np.flatnonzero(renseignees)
    donnees = column_from_list(variable, period, list(objets[positions]), lambda i: locate(int(positions[i])))
    defaut = variable.default_value
    if variable.value_type is Enum:
        codes = np.full(len(values), defaut.index, dtype=np.int16)
        codes[positions] = np.asarray(donnees)
        return EnumArray(codes, variable.possible_values), renseignees
    if variable.value_type is date:
        defaut = np.datetime64(defaut, "D")
    colonne = np.full(len(values), defaut, dtype=donnees.dtype if len(positions) else variable.dtype)
    colonne[positions] = donnees
    return colonne, renseignees


def column_from_list(variable, period, values: list, locate: Locate):
    """Une colonne validée depuis des valeurs JSON (une liste, une valeur par personne)."""
    value_type = variable.value_type
    if value_type in (float, int):
        _check_types(variable, period, values, _NUMBER_TYPES, locate)
        try:
            array = np.asarray(values, dtype=np.float64)
        except OverflowError:  # un entier au-delà de float64
            array = np.asarray([v if abs(v) < 1e308 else math.inf for v in values], dtype=np.float64)
        check_numbers(variable, period, array, locate)
        return array.astype(variable.dtype)
    if value_type is bool:
        _check_types(variable, period, values, frozenset({bool}), locate)
        return np.asarray(values, dtype=bool)
    if value_type is Enum:
        _check_types(variable, period, values, frozenset({str}), locate)
        return enum_codes(variable, period, values, locate)
    if value_type is date:
        _check_types(variable, period, values, frozenset({str}), locate)
        return dates(variable, period, np.asarray(values, dtype=str), locate)
    _check_types(variable, period, values, frozenset({str}), locate)
    return np.asarray(values, dtype=variable.dtype)


def variables_entree(systeme):
    """Les variables d'entrée du modèle : celles sans formule."""
    return {nom: v for nom, v in systeme.variables.items() if not v.formulas}
