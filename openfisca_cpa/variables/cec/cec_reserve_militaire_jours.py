"""Réserve militaire opérationnelle au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_militaire_jours(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "day"
    label = "Jours d'activité dans la réserve militaire opérationnelle pendant l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
