"""Jours travaillés ou cachets d'un intermittent du spectacle."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class intermittent_spectacle_jours(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "day"
    label = "Jours travaillés (techniciens) ou jours et cachets (artistes) d'un intermittent du spectacle dans l'année"
    reference = ("https://ressources-de-la-formation.fr/index.php?id=72730&lvl=notice_display",)
