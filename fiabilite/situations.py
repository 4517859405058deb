"""Stratégies Hypothesis : des situations valides (dans les bornes de api/bounds.py) qui atteignent le modèle.

schemathesis génère des corps à partir de la spécification, mais la spécification ne peut pas dire
qu'une clé est une période ni qu'une heure est bornée par la durée de la période : la plupart de
ses corps s'arrêtent à la validation (400). Ces stratégies fabriquent au contraire des personnes
valides — entrées tirées parmi les variables sans formule, valeurs dans les bornes, périodes qui
conviennent — et des sorties tirées parmi les variables à formule, pour vérifier que le calcul
lui-même ne répond jamais 5xx.
"""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import strategies as st
from openfisca_core import periods
from openfisca_core.indexed_enums import Enum

from api.bounds import DateBounds, bounds_for

ANNEES = (2014, 2031)  # de quoi couvrir l'avant-2015, les changements de loi et quelques années futures


def _periode(variable, annee: int, jour: int) -> str:
    unite = str(variable.definition_period)
    if unite == "eternity":
        return "ETERNITY"
    if unite == "day":
        mois = 1 + jour % 12
        return date(annee, mois, 1 + jour % calendar.monthrange(annee, mois)[1]).isoformat()
    if unite == "month":
        return f"{annee}-{1 + jour % 12:02d}"
    return str(annee)


@st.composite
def valeur(draw, variable, periode: str):
    """Une valeur dans les bornes de api/bounds.py pour `variable` donnée pour `periode`."""
    type_ = variable.value_type
    if type_ is bool:
        return draw(st.booleans())
    if type_ is Enum:
        return draw(st.sampled_from([membre.name for membre in variable.possible_values]))
    bornes = bounds_for(variable)
    if isinstance(bornes, DateBounds):
        return draw(st.dates(bornes.minimum, bornes.maximum)).isoformat()
    if type_ is date:
        return draw(st.dates(date(1900, 1, 1), date(2100, 12, 31))).isoformat()
    periode_ = None if periode == "ETERNITY" else periods.period(periode)
    bas = bornes.minimum if bornes.minimum is not None else -1e6
    haut = bornes.maximum_for(periode_)
    haut = min(haut if haut is not None else 1e6, 1e6)
    if type_ is int:
        # Les années (unité « year ») : 0 (aucune) ou une année plausible.
        if getattr(variable, "unit", None) == "year":
            return draw(st.sampled_from([0, *range(2014, 2027)]))
        return draw(st.integers(int(bas), int(haut)))
    nombre = draw(
        st.one_of(
            st.just(bas),
            st.just(haut),
            st.floats(bas, haut, allow_nan=False, allow_infinity=False),
            st.integers(int(bas), int(haut)),
        )
    )
    return nombre


@st.composite
def personne(draw, systeme, max_entrees: int = 6, max_sorties: int = 4) -> dict:
    """{variable: {période: valeur ou null}} : des entrées valides et des sorties à calculer."""
    entrees = sorted(nom for nom, v in systeme.variables.items() if not v.formulas)
    formules = sorted(nom for nom, v in systeme.variables.items() if v.formulas)
    resultat: dict[str, dict[str, object]] = {}
    for nom in draw(st.lists(st.sampled_from(entrees), max_size=max_entrees, unique=True)):
        variable = systeme.variables[nom]
        for annee in draw(st.lists(st.integers(*ANNEES), min_size=1, max_size=3, unique=True)):
            periode = _periode(variable, annee, draw(st.integers(0, 400)))
            resultat.setdefault(nom, {})[periode] = draw(valeur(variable, periode))
    for nom in draw(st.lists(st.sampled_from(formules), min_size=1, max_size=max_sorties, unique=True)):
        variable = systeme.variables[nom]
        periode = _periode(variable, draw(st.integers(*ANNEES)), draw(st.integers(0, 400)))
        resultat.setdefault(nom, {})[periode] = None
    return resultat


@st.composite
def situation(draw, systeme, max_personnes: int = 3) -> dict:
    nombre = draw(st.integers(1, max_personnes))
    return {systeme.person_entity.plural: {f"p{rang}": draw(personne(systeme)) for rang in range(nombre)}}


def en_colonnes(situation_: dict, systeme) -> dict:
    """La même population pour /calculate/population : entrées en colonnes, sorties demandées."""
    personnes = list(situation_[systeme.person_entity.plural].values())
    n = len(personnes)
    entree: dict[str, dict[str, list]] = {}
    sortie: dict[str, list[str]] = {}
    for rang, p in enumerate(personnes):
        for nom, valeurs in p.items():
            for periode, v in valeurs.items():
                if v is None:
                    if periode not in sortie.setdefault(nom, []):
                        sortie[nom].append(periode)
                    continue
                colonne = entree.setdefault(nom, {}).setdefault(periode, [None] * n)
                colonne[rang] = v
    # Une cellule vide est une erreur en colonnes : la valeur par défaut de la variable la remplace.
    for nom, par_periode in entree.items():
        defaut = systeme.variables[nom].default_value
        if isinstance(defaut, Enum):
            defaut = defaut.name
        elif isinstance(defaut, date):
            defaut = defaut.isoformat()
        for colonne in par_periode.values():
            colonne[:] = [defaut if v is None else v for v in colonne]
    return {"count": n, "input": entree, "output": sortie}
