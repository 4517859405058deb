"""Simulations de population du compte personnel d'activité : fichiers, réformes, synthèses, rapports, Dask.

Pour un DataFrame de carrières et des séries pondérées (guide : docs/guide_microsimulation.py) ::

    from openfisca_cpa.population import Microsimulation

    sim = Microsimulation(df, poids="poids", reforme="reforme.yaml")
    sim.calculate("cpf_solde", 2026).mean()

Un grand fichier en flux (la commande ``openfisca-cpa simuler`` en est une mince surcouche) ::

    sim = Microsimulation("population.parquet", flux=True, reforme="reforme.yaml")
    synthese = sim.simuler("resultats.parquet")              # résultats lot par lot, synthèse pondérée
    sim.cellules_vides                                      # cellules vides par colonne

Fichiers, rapports et Dask, comme la commande ::

    from openfisca_cpa.population import (
        OptionsLecture, SourcePopulation, executer, lire_reforme, produire_rapport, systeme_de_base,
    )

    systeme = systeme_de_base()
    source = SourcePopulation("population.parquet", systeme, OptionsLecture(taille_lot=250_000))
    reforme = lire_reforme("reforme.yaml", systeme)          # facultatif
    synthese = executer(source, "resultats.parquet", reforme=reforme)
    produire_rapport(synthese, "rapport/")
"""

from openfisca_cpa.population.contrat import SORTIES_CONTRAT, sorties_disponibles
from openfisca_cpa.population.dask_runner import ConfigurationDask
from openfisca_cpa.population.erreurs import ErreurPopulation, ErreurReforme
from openfisca_cpa.population.execution import executer
from openfisca_cpa.population.generateur import ecrire_population, generer
from openfisca_cpa.population.lecture import OptionsLecture, SourcePopulation
from openfisca_cpa.population.microsimulation import Microsimulation, ReformeValidee
from openfisca_cpa.population.rapport import produire_rapport
from openfisca_cpa.population.reformes import construire_reforme, lire_reforme, valider_reforme
from openfisca_cpa.population.simulation import systeme_de_base

__all__ = [
    "SORTIES_CONTRAT",
    "ConfigurationDask",
    "ErreurPopulation",
    "ErreurReforme",
    "Microsimulation",
    "OptionsLecture",
    "ReformeValidee",
    "SourcePopulation",
    "construire_reforme",
    "ecrire_population",
    "executer",
    "generer",
    "lire_reforme",
    "produire_rapport",
    "sorties_disponibles",
    "systeme_de_base",
    "valider_reforme",
]
