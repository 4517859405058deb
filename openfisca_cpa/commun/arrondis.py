"""Arrondis légaux, calculés en float64.

Les variables OpenFisca sont en float32 : une saisie décimale (964,2 h) n'y est pas exacte.
On la ramène d'abord en float64 à quatre décimales, puis on arrondit comme le droit le dit.
"""

import functools
import math

import numpy as np

#: Nombre de décimales conservées quand une saisie float32 est relue en float64.
DECIMALES_SAISIE = 4


def en_float64(valeurs):
    """Relit une saisie float32 en float64, arrondie à quatre décimales (964.2000122 -> 964.2).

    Les booléens et entiers sont exacts ; un tableau nul (cas le plus fréquent) n'est pas arrondi. Une
    valeur entière (heures, mois, jours ronds) reste exacte : l'arrondi la rend inchangée.
    """
    tableau = np.asarray(valeurs)
    if tableau.dtype.kind in "biu" or tableau.dtype == np.float64:
        return tableau.astype(np.float64)
    if not non_nul(tableau):
        return np.zeros(tableau.shape)
    resultat = tableau.astype(np.float64)
    facteur = 10.0**DECIMALES_SAISIE
    resultat *= facteur
    np.rint(resultat, out=resultat)
    resultat /= facteur
    return resultat


def non_nul(tableau):
    """Vrai si une valeur au moins est non nulle (le début est regardé d'abord, pour conclure vite)."""
    return bool(tableau[:4096].any() or tableau.any())


def arrondi_centime_superieur(montants):
    """Arrondit au centime supérieur (art. R6323-1 II et R6323-22 C. trav.).

    Le produit est d'abord arrondi à 1e-6 centime pour que 300,000000000001 € ne donne pas 300,01 €.
    """
    centimes = np.asarray(montants, dtype=np.float64) * 100
    np.round(centimes, 6, out=centimes)
    np.ceil(centimes, out=centimes)
    centimes /= 100
    return centimes


def arrondi_heure_superieure(heures):
    """Arrondit à l'heure entière supérieure (art. R6323-1 III C. trav., version 2015-2018)."""
    return np.ceil(np.round(np.asarray(heures, dtype=np.float64), 6))


def arrondi_euro_le_plus_proche(montants):
    """Arrondit à l'euro le plus proche, moitié vers le haut (accord de branche des intermittents)."""
    return np.floor(np.round(np.asarray(montants, dtype=np.float64), 6) + 0.5)


def arrondi_demi_inferieur(valeurs):
    """Arrondit à l'entier le plus proche, les demis vers le bas (112,5 -> 112 ; D4163-26 C. trav.)."""
    return np.ceil(np.round(np.asarray(valeurs, dtype=np.float64), 6) - 0.5)


def en_float64_centimes(valeurs):
    """Relit un montant float32 du modèle (déjà au centime) en float64 arrondi au centime : 333.339996 -> 333.34."""
    resultat = np.asarray(valeurs).astype(np.float64)
    return np.round(resultat, 2, out=resultat)


def sur_partie(masque, fonction, *tableaux, fond):
    """Écrit dans `fond`, là où `masque` est vrai, `fonction` appliquée aux seules valeurs masquées de `tableaux`.

    Pour un calcul (arrondi, prorata) qui ne concerne qu'une minorité de la population : il porte sur
    les indices concernés plutôt que sur tout le tableau. Renvoie `fond`, modifié en place.
    """
    indices = np.flatnonzero(masque)
    if indices.size:
        fond[indices] = fonction(*(tableau[indices] for tableau in tableaux))
    return fond


def atteint(valeurs, minimum):
    """Vrai là où la saisie, lue à quatre décimales comme en_float64, atteint `minimum`.

    Même résultat que `en_float64(valeurs) >= minimum`. Pour une saisie float32 et un seuil scalaire
    positif, la comparaison se fait en float32, sans tableau float64 intermédiaire, contre le plus petit
    float32 dont la lecture à quatre décimales atteint le seuil (la lecture est croissante).
    """
    tableau = np.asarray(valeurs)
    seuil = None
    if tableau.dtype == np.float32 and np.ndim(minimum) == 0:
        seuil = _seuil_float32(float(minimum))
    if seuil is None:
        return en_float64(tableau) >= minimum
    return tableau >= seuil


def _lecture(x):
    """Lecture d'un float32 à quatre décimales (le calcul de en_float64, pour un nombre)."""
    facteur = 10.0**DECIMALES_SAISIE
    return np.rint(np.float64(x) * facteur) / facteur


@functools.lru_cache(maxsize=256)
def _seuil_float32(minimum):
    """Plus petit float32 x > 0 dont la lecture atteint `minimum` (None hors d'un seuil positif fini).

    Recherche dichotomique sur l'ordre des float32 positifs (celui de leurs bits, vus comme entiers).
    """
    if not math.isfinite(minimum) or minimum <= 10.0**-DECIMALES_SAISIE:
        return None
    bas = np.float32(minimum - 10.0**-DECIMALES_SAISIE).view(np.int32)  # lu sous le seuil
    haut = np.float32(minimum * (1 + 1e-6) + 10.0**-DECIMALES_SAISIE).view(np.int32)  # lu au-dessus
    if _lecture(bas.view(np.float32)) >= minimum or _lecture(haut.view(np.float32)) < minimum:
        return None
    bas, haut = int(bas), int(haut)
    while haut - bas > 1:
        milieu = (bas + haut) // 2
        if _lecture(np.int32(milieu).view(np.float32)) >= minimum:
            haut = milieu
        else:
            bas = milieu
    return np.int32(haut).view(np.float32)
