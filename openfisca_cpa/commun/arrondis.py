"""Arrondis légaux, calculés en float64.

Les variables OpenFisca sont en float32 : une saisie décimale (964,2 h) n'y est pas exacte.
On la ramène d'abord en float64 à quatre décimales, puis on arrondit comme le droit le dit.
"""

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
