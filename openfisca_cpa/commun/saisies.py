"""Saisies données ou non : ne pas matérialiser de tableaux par défaut pour des entrées que personne n'a données.

Une entrée sans formule jamais saisie vaut sa valeur par défaut pour tout le monde et toute période :
la lire ferait construire par OpenFisca un tableau plein (np.full) pour chaque année demandée. On
regarde d'abord le holder (`get_known_periods()`) et l'on saute la branche du statut concerné
(ESAT, indépendants, intermittents, forfait jours, absences assimilées…) quand rien n'a été saisi.
"""

import numpy as np

from openfisca_cpa.commun.arrondis import en_float64


def saisie(individu, nom, periode):
    """La valeur de `nom` pour `periode`, ou None si c'est une entrée jamais saisie (défaut partout).

    Sous trace (`simulation.trace`, /trace de l'API, estimation du coût d'un calcul), l'entrée est
    toujours lue : la trace montre alors toutes les entrées dont la règle dépend.
    """
    holder = individu.get_holder(nom)
    if not holder.variable.formulas and not holder.get_known_periods() and not individu.simulation.trace:
        return None
    return individu(nom, periode)


def jamais_saisie(individu, nom):
    """Vrai si l'entrée `nom` n'a été ni saisie ni calculée (hors trace) : sa formule ou son défaut vaut pour tous.

    Pour une entrée à formule de valeur par défaut (durée de référence : la durée légale), le cas
    courant se calcule alors sans construire le tableau de la formule.
    """
    return not individu.get_holder(nom).get_known_periods() and not individu.simulation.trace


def saisie_float64(individu, nom, periode):
    """Comme `saisie`, relue en float64 (arrondis.en_float64) ; None si jamais saisie."""
    valeur = saisie(individu, nom, periode)
    return None if valeur is None else en_float64(valeur)


def saisie_ou_zeros(individu, nom, periode):
    """La saisie en float64, ou des zéros si elle n'a jamais été donnée (entrée de défaut nul)."""
    valeur = saisie_float64(individu, nom, periode)
    return np.zeros(individu.count) if valeur is None else valeur


def vrai_quelque_part(individu, nom, periode):
    """La saisie booléenne `nom` si quelqu'un l'a vraie, sinon None (personne : branche à sauter)."""
    valeur = saisie(individu, nom, periode)
    if valeur is None or not valeur.any():
        return None
    return valeur


def nul(individu):
    """Montant nul pour tous, déjà dans le type des variables numériques d'OpenFisca (float32) : rangé sans conversion."""
    return np.zeros(individu.count, dtype=np.float32)


def deja_calculee(individu, nom):
    """Valeur de la variable annuelle `nom` déjà calculée pour une autre année, ou None.

    Pour une variable qui ne dépend que de saisies permanentes (ETERNITY) : la même pour toutes les
    années, elle est calculée une fois puis reprise du holder (lecture du cache, pas d'appel de la
    variable par elle-même). Une variable ETERNITY à formule n'est pas possible : openfisca-core ne
    sait pas choisir la formule d'une période ETERNITY.
    """
    holder = individu.get_holder(nom)
    for periode in holder.get_known_periods():
        return holder.get_array(periode)
    return None
