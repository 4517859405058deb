"""États annuels des boucles de soldes, mémorisés pour la population d'une simulation.

Chaque solde rejoue la carrière année par année (jamais d'appel récursif à sa propre variable).
Pour qu'un solde demandé pour douze années ne rejoue pas douze fois la carrière, l'état atteint à la
fin de chaque année est gardé ici et le rejeu suivant repart du dernier état connu.

Les états ne sont jamais modifiés en place (les rejeux remplacent leurs tableaux, ils ne les écrivent
pas) : une copie superficielle suffit, sans recopier les tableaux.

Le mémo vit sur l'objet population (`individu`) : une simulation clonée (branche) a une nouvelle
population et repart à vide. Comme le cache d'OpenFisca, il suppose que les entrées d'une année ne
changent plus une fois ses soldes calculés.
"""

import copy

_CLE = "_cpa_etats_annuels"


def _etats(individu):
    return individu.__dict__.setdefault(_CLE, {})


def reprendre(individu, compte, annee_fin, premiere, etat_initial):
    """(première année à rejouer, état de départ) : le dernier état mémorisé avant `annee_fin`, sinon le début."""
    etats = _etats(individu)
    for annee in range(annee_fin - 1, premiere - 1, -1):
        if (compte, annee) in etats:
            return annee + 1, copy.copy(etats[compte, annee])
    return premiere, etat_initial


def memoriser(individu, compte, annee, etat):
    """Garde l'état atteint à la fin de `annee` (copie superficielle : le rejeu remplace ensuite ses attributs)."""
    _etats(individu)[compte, annee] = copy.copy(etat)


def lire(individu, compte, annee):
    """L'état mémorisé à la fin de `annee`, ou None."""
    etat = _etats(individu).get((compte, annee))
    return None if etat is None else copy.copy(etat)
