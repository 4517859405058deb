"""Réserve civique au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_civique_heures_structure_principale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = (
        "Heures d'activité dans la réserve civique effectuées dans la structure d'accueil principale pendant l'année"
    )
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
