"""La commande ``openfisca-cpa simuler`` / ``reforme`` en Python : une mince surcouche de `Microsimulation`.

`executer` ne fait que passer ses arguments à une `Microsimulation` en mode flux (lecture par lots,
mémoire bornée par un lot) et appeler sa méthode `simuler` : mêmes lots, mêmes fichiers de résultats,
même synthèse que l'objet qu'un économiste construit lui-même. La plomberie (lecture d'avance, écriture
en fond, paramètres du calcul) est dans openfisca_cpa/population/flux.py.
"""

from openfisca_cpa.population.flux import EcritureEnFond, en_avance, preparer
from openfisca_cpa.population.microsimulation import Microsimulation, ReformeValidee

__all__ = ["EcritureEnFond", "en_avance", "executer", "preparer"]


def executer(
    source,
    sortie=None,
    *,
    sorties=None,
    annees=None,
    annee_analyse=None,
    reforme=None,
    forme_sortie="longue",
    dask=None,
    progression=None,
    fils=True,
    formations=None,
):
    """Simule la population de `source` (SourcePopulation) ; écrit `sortie` (si donnée) et renvoie la synthèse.

    `reforme` : une définition validée (`lire_reforme`) ; `dask` : None (calcul dans ce processus) ou
    une ConfigurationDask ; `progression` : None (barre si terminal), True ou False ; `fils` : lire le lot
    suivant et écrire le précédent pendant le calcul ; `formations` : chemin d'un fichier de demandes de
    formation (population/formations.py), plans écrits dans `<sortie>_plans.csv`, totaux dans la synthèse.
    Équivaut à ``Microsimulation(source, flux=True, reforme=..., formations=...).simuler(sortie, ...)``.
    """
    simulation = Microsimulation(
        source,
        flux=True,
        reforme=None if reforme is None else ReformeValidee(reforme),
        formations=formations,
    )
    return simulation.simuler(
        sortie,
        sorties=sorties,
        annees=annees,
        annee_analyse=annee_analyse,
        forme_sortie=forme_sortie,
        dask=dask,
        progression=progression,
        fils=fils,
    )
