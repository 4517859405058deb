"""Bénéficiaire de l'obligation d'emploi des travailleurs handicapés."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class beneficiaire_oeth(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Bénéficiaire de l'obligation d'emploi des travailleurs handicapés (art. L5212-13 C. trav.) pendant l'année"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038601907",)
