"""Fixtures of the API tests: one tax-benefit system, apps built by the factory, Flask test clients."""

import pytest

from api import create_app
from openfisca_cpa import CountryTaxBenefitSystem

#: Small limits, to test the 413 answers without big bodies.
PETITES_LIMITES = {
    "MAX_CONTENT_LENGTH": 4000,
    "MAX_PERSONNES": 5,
    "MAX_PERSONNES_SITUATION": 3,
    "MAX_PERSONNES_TRACE": 2,
    "MAX_PERIODES": 4,
}


@pytest.fixture(scope="session")
def systeme():
    return CountryTaxBenefitSystem()


@pytest.fixture(scope="session")
def app(systeme):
    return create_app(systeme)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def petite_app(systeme):
    return create_app(systeme, PETITES_LIMITES)


@pytest.fixture
def petit_client(petite_app):
    return petite_app.test_client()


def carriere_temps_plein(debut=2015, fin=2026, heures=1607):
    """Un salarié à temps plein de `debut` à `fin`."""
    return {"heures_travaillees": {str(annee): heures for annee in range(debut, fin + 1)}}
