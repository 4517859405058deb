"""Réserve civile de la police nationale au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_civile_police_engagement_accompli(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Trois années continues d'engagement dans la réserve civile de la police nationale, avec 75 vacations par an, s'achèvent dans l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Appréciées au terme des trois années continues, déclarées au début de l'année suivante (D5151-14).
    """
