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

import numpy as np
from openfisca_core import errors as core_errors
from openfisca_core import periods
from openfisca_core.indexed_enums import EnumArray
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa.erreurs import PeriodeIncompatible

#: Personnes par lot de simulation, par défaut (environ 1 Go de calculs intermédiaires pour les
#: trois comptes sur douze ans).
TAILLE_LOT = 100_000


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
