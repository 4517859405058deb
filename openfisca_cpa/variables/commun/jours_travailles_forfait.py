"""Jours travaillés dans l'année sous convention de forfait en jours."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class jours_travailles_forfait(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "day"
    label = "Jours travaillés dans l'année sous convention de forfait annuel en jours"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",)
