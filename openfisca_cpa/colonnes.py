"""Cœur en colonnes : des colonnes d'entrée validées vers des simulations par lots, et des colonnes de résultats.

Une colonne est les valeurs d'une variable pour une période, pour chaque personne (un tableau
numpy), avec facultativement le masque des valeurs renseignées. Les trois portes s'appuient sur
ce module : `/calculate/population` de l'API web (api/population.py, api/compute.py), la commande
`openfisca-cpa` et `Microsimulation` (openfisca_cpa/population/simulation.py, par `Lot`).

- `construire_simulation` : une simulation OpenFisca par défaut de n personnes, chaque colonne
  posée par `holder.set_input` dans l'ordre d'openfisca-core (périodes courtes d'abord, rien
  après la fin de la variable) ; une cellule non renseignée d'une variable à formule prend la
  valeur de la formule, calculée sur les autres entrées.
- `simuler_par_lots` : les personnes par lots de `taille_lot` (100 000 par défaut) ; chaque lot
  a sa simulation, libérée avant le suivant, si bien que la mémoire des calculs intermédiaires
  (toutes les variables de la chaîne, toutes les années) est bornée par la taille du lot et non
  par celle de la population. Les résultats sont écrits dans des tableaux alloués une fois.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from openfisca_core import errors as core_errors
from openfisca_core import periods
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa.entrees import Bounds, bounds_for, describe_bounds, expected_text
from openfisca_cpa.erreurs import (
    PeriodeIncompatible,
    RequeteInvalide,
    ValeurHorsBornes,
    ValeurInvalide,
    ValeurManquante,
    closest,
    describe,
)

#: Personnes par lot de simulation, par défaut (environ 1 Go de calculs intermédiaires pour les
#: trois comptes sur douze ans).
TAILLE_LOT = 100_000


#: Règle des cellules vides, la même pour les trois portes (docs/population.md, « Valeurs manquantes ») :
#: « completer » (par défaut) : une cellule vide, nulle, NaN/NA de pandas ou un `null` de liste JSON
#: veut dire « non renseignée » ; la formule du modèle s'applique, sinon la valeur par défaut, et
#: les cellules vides sont comptées par colonne (réponse de l'API, synthèse de la commande,
#: `Microsimulation.cellules_vides`). « refuser » : la première cellule vide est une erreur
#: `valeur_manquante`, située comme toute autre valeur fautive.
VIDES_COMPLETER = "completer"
VIDES_REFUSER = "refuser"
REGLES_VIDES = (VIDES_COMPLETER, VIDES_REFUSER)
REGLES_VIDES_TEXTE = "« completer » (formule ou valeur par défaut, cellules comptées) ou « refuser »"


def regle_vides(valeur, path=("vides",)) -> str:
    """La règle des cellules vides demandée (`completer` si rien n'est demandé), ou une erreur 400."""
    if valeur is None or valeur == "":
        return VIDES_COMPLETER
    if valeur not in REGLES_VIDES:
        raise RequeteInvalide(
            f"Règle des cellules vides « {describe(valeur)} » inconnue.",
            path=list(path),
            expected=REGLES_VIDES_TEXTE,
            received=describe(valeur),
            suggestions=closest(str(valeur), REGLES_VIDES),
        )
    return valeur


#: Fin du message d'une cellule vide refusée, la même par les trois portes.
MESSAGE_VIDE_REFUSEE = (
    "cellule vide refusée (règle des cellules vides « refuser ») : donnez une valeur à chaque personne"
)


def refuser_vides(variable, periode, renseignees, locate) -> None:
    """Erreur `valeur_manquante` sur la première cellule vide (règle « refuser »)."""
    if renseignees is None or renseignees.all():
        return
    indice = int(np.flatnonzero(~renseignees)[0])
    raise ValeurManquante(
        f"Valeur manquante de {variable.name}{_pour(periode)} : {MESSAGE_VIDE_REFUSEE}.",
        path=locate(indice),
        expected=expected_text(variable),
        received=None,
    )


def nombre_vides(renseignees) -> int:
    """Cellules vides d'une colonne (0 si `renseignees` est None)."""
    return 0 if renseignees is None else int(len(renseignees) - np.count_nonzero(renseignees))


@dataclass
class Colonne:
    """Les valeurs d'une variable pour une période : une par personne.

    `presentes` : masque des valeurs renseignées (None : toutes) ; `chemin` : où situer une erreur.
    """

    variable: object
    periode: periods.Period
    brute: str
    valeurs: np.ndarray
    presentes: np.ndarray | None = None
    chemin: list = field(default_factory=list)

    def tranche(self, debut: int, fin: int) -> Colonne:
        presentes = None if self.presentes is None else self.presentes[debut:fin]
        return Colonne(self.variable, self.periode, self.brute, self.valeurs[debut:fin], presentes, self.chemin)


def _texte_periode(variable) -> str:
    return str(variable.definition_period).upper()


def construire_simulation(systeme, n: int, colonnes: Sequence[Colonne], ids: Sequence[str] | None = None):
    """Une simulation de `n` personnes, chaque colonne posée par `holder.set_input`."""
    simulation = SimulationBuilder.build_default_simulation(systeme, n)
    if ids is not None:
        simulation.persons.ids = list(ids)
    par_variable: dict[str, list[Colonne]] = {}
    for colonne in colonnes:
        par_variable.setdefault(colonne.variable.name, []).append(colonne)
    differees = []
    for nom, liste in par_variable.items():
        holder = simulation.persons.get_holder(nom)
        # Périodes courtes d'abord, comme openfisca-core, pour que set_input répartisse les longues.
        for colonne in sorted(liste, key=lambda c: periods.key_period_size(c.periode)):
            variable = colonne.variable
            if variable.end is not None and colonne.periode.start.date > variable.end:
                continue  # openfisca-core ignore une valeur donnée après la fin de la variable
            if colonne.presentes is not None and variable.formulas:
                differees.append(colonne)
                continue
            try:
                holder.set_input(colonne.periode, colonne.valeurs)
            except (core_errors.PeriodMismatchError, ValueError):
                raise PeriodeIncompatible(
                    f"Impossible de saisir {nom} pour « {colonne.brute} » : cette variable se saisit par "
                    f"{_texte_periode(variable)}.",
                    path=colonne.chemin,
                    expected=f"une période {_texte_periode(variable)}",
                    received=colonne.brute,
                ) from None
    # Cellules non renseignées d'une variable à formule : la formule, calculée sur les autres entrées.
    for colonne in differees:
        nom = colonne.variable.name
        calculees = simulation.calculate(nom, colonne.periode)
        simulation.delete_arrays(nom, colonne.periode)
        simulation.set_input(nom, colonne.periode, np.where(colonne.presentes, colonne.valeurs, calculees))
    return simulation


def _tableau_resultat(variable, n: int) -> np.ndarray:
    return np.empty(n, dtype=variable.dtype)


def simuler_par_lots(
    systeme,
    n: int,
    colonnes: Sequence[Colonne],
    sorties: Sequence[tuple[object, periods.Period, str]],
    *,
    taille_lot: int = TAILLE_LOT,
) -> dict[tuple[str, str], np.ndarray]:
    """Les sorties (variable, période, écriture) pour `n` personnes, simulées par lots.

    Renvoie les tableaux par (identifiant, écriture de la période), dans l'ordre des personnes.
    """
    taille_lot = max(1, int(taille_lot))
    resultats = {(variable.name, brute): _tableau_resultat(variable, n) for variable, _, brute in sorties}
    enums = {}
    for debut in range(0, n, taille_lot):
        fin = min(n, debut + taille_lot)
        simulation = construire_simulation(systeme, fin - debut, [c.tranche(debut, fin) for c in colonnes])
        for variable, periode, brute in sorties:
            valeurs = simulation.calculate(variable.name, periode)
            if isinstance(valeurs, EnumArray):
                enums[(variable.name, brute)] = valeurs.possible_values
            resultats[(variable.name, brute)][debut:fin] = valeurs
        # La simulation forme des cycles de références : libérée avant le lot suivant.
        del simulation
        if fin < n:
            gc.collect()
    for cle, possibles in enums.items():
        resultats[cle] = EnumArray(resultats[cle], possibles)
    return resultats


# --- Conversion d'une colonne Arrow (CSV, Parquet, DataFrame), la même pour toutes les portes ------

#: Écritures d'un booléen acceptées dans une cellule de CSV (texte), sans casse.
VRAI = frozenset({"true", "vrai", "oui", "1", "t", "v", "o", "yes", "y"})
FAUX = frozenset({"false", "faux", "non", "0", "f", "n", "no"})


def _lisible(valeur):
    if isinstance(valeur, pa.Scalar):
        valeur = valeur.as_py()
    if isinstance(valeur, float | np.floating) and float(valeur).is_integer():
        return int(valeur)
    if isinstance(valeur, np.generic):
        return valeur.item()
    return describe(valeur)


def _pour(periode) -> str:
    return "" if periode is None else f" pour {periode}"


def _est_texte(kind) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _chaines(colonne):
    """Chaînes sans espaces autour ; une cellule vide devient nulle (« non renseignée »)."""
    chaines = pc.utf8_trim_whitespace(colonne)
    return pc.if_else(pc.equal(chaines, ""), pa.scalar(None, pa.string()), chaines)


def _refus(variable, periode, message, masque, colonne, locate, attendu=None, code=None, suggestions=None):
    indice = int(np.flatnonzero(masque)[0])
    erreur = (ValeurHorsBornes if code == "valeur_hors_bornes" else ValeurInvalide)(
        f"La valeur de {variable.name}{_pour(periode)} est refusée : {message}.",
        path=locate(indice),
        expected=attendu or expected_text(variable),
        received=_lisible(colonne[indice]),
        suggestions=suggestions,
    )
    raise erreur


def _type_refuse(variable, periode, colonne, locate, complement=""):
    """Erreur d'une colonne entière dont le type Arrow ne convient pas à la variable."""
    return ValeurInvalide(
        f"La colonne de {variable.name}{_pour(periode)} doit contenir {expected_text(variable)} ; "
        f"type reçu : {colonne.type}{complement}.",
        path=locate(0),
        expected=expected_text(variable),
        received=_lisible(colonne[0]) if len(colonne) else None,
    )


def _nombres(variable, periode, colonne, locate, texte, decimale):
    """(float64, renseignées) ; seule une cellule vide ou nulle est « non renseignée »."""
    kind = colonne.type
    if _est_texte(kind):
        if not texte:
            raise _type_refuse(
                variable,
                periode,
                colonne,
                locate,
                " (dans un Parquet ou un DataFrame, un nombre est stocké en nombre, pas en texte)",
            )
        chaines = _chaines(colonne)
        if decimale != ".":
            chaines = pc.replace_substring(chaines, decimale, ".")
        try:
            nombres = chaines.cast(pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            textes = chaines.to_pylist()
            invalides = np.zeros(len(textes), dtype=bool)
            for i, t in enumerate(textes):  # seulement pour localiser l'erreur
                if t is not None:
                    try:
                        float(t)
                    except ValueError:
                        invalides[i] = True
            _refus(variable, periode, "ce n'est pas un nombre (point décimal)", invalides, colonne, locate)
            raise  # pragma: no cover - une conversion refusée a toujours une cellule fautive
    elif pa.types.is_floating(kind):
        # Colonne déjà décimale (Parquet, DataFrame) : lue sans copie Arrow ; les nulles deviennent NaN.
        valeurs = colonne.to_numpy(zero_copy_only=False)
        if colonne.null_count:
            renseignees = colonne.is_valid().to_numpy(zero_copy_only=False)
            non_finies = renseignees & ~np.isfinite(valeurs)
        else:
            renseignees = np.ones(len(valeurs), dtype=bool)
            non_finies = ~np.isfinite(valeurs)
        if non_finies.any():
            _refus(variable, periode, "NaN et l'infini ne sont pas des nombres finis", non_finies, colonne, locate)
        return valeurs, renseignees
    elif pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        nombres = colonne.cast(pa.float64())
    else:
        raise _type_refuse(variable, periode, colonne, locate)
    valeurs = nombres.to_numpy(zero_copy_only=False).astype(np.float64, copy=False)
    renseignees = nombres.is_valid().to_numpy(zero_copy_only=False)
    non_finies = renseignees & ~np.isfinite(valeurs)
    if non_finies.any():
        _refus(variable, periode, "NaN et l'infini ne sont pas des nombres finis", non_finies, colonne, locate)
    return valeurs, renseignees


def convertir_colonne(variable, periode, colonne, locate, *, texte=False, decimale="."):
    """Une colonne Arrow dans le type de la variable : (valeurs numpy, renseignées).

    `texte` : la colonne vient d'un CSV (nombres, booléens et dates écrits en texte) ; sinon (Parquet,
    Arrow, DataFrame) un nombre doit être un nombre et un booléen un booléen. Les bornes ne sont
    pas vérifiées ici (voir `entrees.check_numbers`) : elles dépendent de la période de chaque ligne.
    Une erreur est localisée par `locate(indice)` ; les valeurs non renseignées sont à l'appelant.
    """
    if isinstance(colonne, pa.ChunkedArray):
        colonne = colonne.combine_chunks()
    type_valeur = variable.value_type
    if type_valeur in (float, int):
        valeurs, renseignees = _nombres(variable, periode, colonne, locate, texte, decimale)
        if type_valeur is int:
            entieres = np.nan_to_num(valeurs)
            non_entieres = renseignees & (entieres != np.round(entieres))
            if non_entieres.any():
                _refus(variable, periode, "ce n'est pas un nombre entier", non_entieres, colonne, locate)
            return entieres.astype(variable.dtype), renseignees
        with np.errstate(over="ignore"):
            converties = valeurs.astype(variable.dtype)
        if converties.dtype == valeurs.dtype:
            return converties, renseignees
        # Les valeurs reçues sont finies : une valeur infinie après conversion dépassait float32.
        trop_grandes = renseignees & np.isinf(converties)
        if trop_grandes.any():
            bornes = bounds_for(variable)
            attendu = describe_bounds(bornes, periode) if isinstance(bornes, Bounds) else "un nombre fini"
            _refus(variable, periode, "hors des bornes", trop_grandes, colonne, locate, attendu, "valeur_hors_bornes")
        return converties, renseignees
    if type_valeur is bool:
        if pa.types.is_boolean(colonne.type):
            renseignees = colonne.is_valid().to_numpy(zero_copy_only=False)
            return colonne.fill_null(False).to_numpy(zero_copy_only=False), renseignees
        if not (texte and _est_texte(colonne.type)):
            raise _type_refuse(variable, periode, colonne, locate)
        chaines = _chaines(colonne)
        minuscules = pc.utf8_lower(chaines)
        vrai = pc.is_in(minuscules, value_set=pa.array(sorted(VRAI)))
        faux = pc.is_in(minuscules, value_set=pa.array(sorted(FAUX)))
        renseignees = chaines.is_valid().to_numpy(zero_copy_only=False)
        invalides = renseignees & ~pc.or_(vrai, faux).to_numpy(zero_copy_only=False)
        if invalides.any():
            attendu = "un booléen : true/false, vrai/faux, oui/non ou 1/0"
            _refus(variable, periode, "ce n'est pas un booléen", invalides, colonne, locate, attendu)
        return vrai.fill_null(False).to_numpy(zero_copy_only=False), renseignees
    if type_valeur is date:
        if pa.types.is_timestamp(colonne.type) or pa.types.is_date64(colonne.type):
            colonne = colonne.cast(pa.date32())
        if not pa.types.is_date32(colonne.type):
            if not _est_texte(colonne.type):
                raise _type_refuse(variable, periode, colonne, locate)
            chaines = _chaines(colonne)
            instants = pc.strptime(chaines, format="%Y-%m-%d", unit="s", error_is_null=True)
            # strptime accepte le 31 février (normalisé en mars) : la date relue doit être celle saisie.
            relues = pc.strftime(instants, format="%Y-%m-%d")
            instants = pc.if_else(pc.equal(relues, chaines), instants, pa.scalar(None, instants.type))
            invalides = pc.and_(pc.is_valid(chaines), pc.is_null(instants)).to_numpy(zero_copy_only=False)
            if invalides.any():
                _refus(
                    variable, periode, "ce n'est pas une date valide au format AAAA-MM-JJ", invalides, colonne, locate
                )
            colonne = instants.cast(pa.date32())
        renseignees = colonne.is_valid().to_numpy(zero_copy_only=False)
        jours = colonne.cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
        return jours.astype("datetime64[D]"), renseignees
    if type_valeur is Enum:
        if pa.types.is_dictionary(colonne.type):
            colonne = colonne.cast(colonne.type.value_type)
        if not _est_texte(colonne.type):
            raise _type_refuse(variable, periode, colonne, locate)
        noms = list(variable.possible_values.__members__)
        chaines = _chaines(colonne)
        connues = pc.is_in(chaines, value_set=pa.array(noms))
        invalides = pc.and_(chaines.is_valid(), pc.invert(connues)).to_numpy(zero_copy_only=False)
        if invalides.any():
            valeur = chaines[int(np.flatnonzero(invalides)[0])].as_py()
            _refus(
                variable,
                periode,
                "ce n'est pas une valeur possible",
                invalides,
                colonne,
                locate,
                suggestions=closest(str(valeur), noms),
            )
        renseignees = chaines.is_valid().to_numpy(zero_copy_only=False)
        # Rang de la modalité (int16) : openfisca-core encode un tableau d'entiers par rang.
        rangs = pc.index_in(chaines, value_set=pa.array(noms))
        valeurs = rangs.fill_null(noms.index(variable.default_value.name))
        return valeurs.to_numpy(zero_copy_only=False).astype(np.int16), renseignees
    if not _est_texte(colonne.type):
        raise ValeurInvalide(
            f"La colonne de {variable.name}{_pour(periode)} doit contenir du texte ; type reçu : {colonne.type}.",
            path=locate(0),
            expected="du texte",
            received=None,
        )
    return np.asarray(colonne.to_pylist(), dtype=variable.dtype), colonne.is_valid().to_numpy(zero_copy_only=False)
