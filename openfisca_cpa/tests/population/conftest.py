"""Fixtures des tests des simulations de population."""

import pytest

from openfisca_cpa.population import generateur
from openfisca_cpa.population.simulation import systeme_de_base


@pytest.fixture(scope="session")
def systeme_population():
    """Le système partagé par la lecture, les calculs locaux et les travailleurs Dask en fils d'exécution."""
    return systeme_de_base()


@pytest.fixture(scope="session")
def population_parquet(tmp_path_factory, systeme_population):
    """Une petite population synthétique (300 individus, 2015-2026), forme longue, Parquet."""
    chemin = tmp_path_factory.mktemp("population") / "population.parquet"
    generateur.ecrire_population(chemin, 300, graine=7, systeme=systeme_population)
    return chemin
