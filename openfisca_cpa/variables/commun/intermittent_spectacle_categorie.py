"""Catégorie d'intermittent du spectacle."""

from openfisca_core.model_api import YEAR, Enum, Variable

from openfisca_cpa.commun.enums import CategorieIntermittent
from openfisca_cpa.entities import Individu


class intermittent_spectacle_categorie(Variable):
    value_type = Enum
    possible_values = CategorieIntermittent
    default_value = CategorieIntermittent.non_intermittent
    entity = Individu
    definition_period = YEAR
    label = "Catégorie d'intermittent du spectacle pour l'année"
    reference = ("https://ressources-de-la-formation.fr/index.php?id=72730&lvl=notice_display",)
