"""Modèle OpenFisca du compte personnel d'activité (CPF, CEC, C2P)."""

import os

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_cpa import entities
from openfisca_cpa.commun.memoire import regler_pages_enormes
from openfisca_cpa.commun.yaml_sur import proteger_yaml

# Avant toute lecture de paramètre ou de test : aucun YAML ne peut exécuter de code.
proteger_yaml()
# Grands tableaux sans l'indication de pages énormes de numpy (commun/memoire.py), sauf choix explicite.
regler_pages_enormes()

COUNTRY_DIR = os.path.dirname(os.path.abspath(__file__))


class CountryTaxBenefitSystem(TaxBenefitSystem):
    """Système socio-fiscal du compte personnel d'activité."""

    def __init__(self):
        super().__init__(entities.entities)
        self.add_variables_from_directory(os.path.join(COUNTRY_DIR, "variables"))
        self.load_parameters(os.path.join(COUNTRY_DIR, "parameters"))
