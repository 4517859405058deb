"""Réserve citoyenne de l'Éducation nationale au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_education_nationale_mois(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "month"
    label = "Mois d'engagement continu dans la réserve citoyenne de l'Éducation nationale pendant l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Une année continue et au moins 25 interventions, appréciées sur l'année et la précédente.
    """
