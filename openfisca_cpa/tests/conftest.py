"""Fixtures partagées des tests du modèle."""

import pytest

from openfisca_cpa import CountryTaxBenefitSystem


@pytest.fixture(scope="session")
def systeme():
    """Le système socio-fiscal, construit une fois pour toute la session de tests."""
    return CountryTaxBenefitSystem()
