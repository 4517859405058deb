"""Réglage de la mémoire des tableaux numpy pour les grands calculs de population.

numpy demande au noyau des « pages énormes » (madvise MADV_HUGEPAGE) pour chaque tableau de plus de
4 Mio. Sur un noyau dont la défragmentation des pages énormes est synchrone (réglage `defrag` à
`madvise`, le défaut de Linux) et dont la mémoire n'en fournit pas (machines virtuelles), chaque
première écriture d'un tableau attend un compactage de la mémoire qui échoue. Mesuré ici : trois
comptes pour 1 000 000 de personnes × 12 ans en 6,3 s avec l'indication, 3,5 s sans
(`benchmarks/test_benchmark_comptes.py`). L'indication est donc retirée à l'import du paquet, sauf si
l'utilisateur a choisi lui-même par la variable d'environnement de numpy `NUMPY_MADVISE_HUGEPAGE`
(0 ou 1), qui est alors respectée. Aucun effet sur les résultats : seulement sur la façon dont le
noyau sert la mémoire.
"""

import os

import numpy as np


def regler_pages_enormes():
    """Retire l'indication MADV_HUGEPAGE de numpy, sauf choix explicite par NUMPY_MADVISE_HUGEPAGE.

    Renvoie l'état retenu (vrai : indication active). Sans effet si cette version de numpy n'expose pas le réglage.
    """
    multiarray = getattr(getattr(np, "_core", None), "multiarray", None)
    regler = getattr(multiarray, "_set_madvise_hugepage", None)
    lire = getattr(multiarray, "_get_madvise_hugepage", None)
    if regler is None or lire is None:
        return None
    if "NUMPY_MADVISE_HUGEPAGE" not in os.environ:
        regler(False)
    return bool(lire())
