"""Réserve citoyenne de défense et de sécurité au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_citoyenne_defense_engagement_accompli(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Les cinq années continues d'engagement dans la réserve citoyenne de défense et de sécurité s'achèvent dans l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Appréciées au terme des cinq années continues, déclarées au début de l'année civile suivante (D5151-14).
    """
