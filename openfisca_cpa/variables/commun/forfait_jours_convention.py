"""Nombre de jours de la convention de forfait annuel en jours."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class forfait_jours_convention(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "day"
    label = "Nombre de jours fixé par la convention de forfait annuel en jours (0 si le salarié n'est pas au forfait)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",)
