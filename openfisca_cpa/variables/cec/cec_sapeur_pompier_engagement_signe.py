"""Sapeur-pompier volontaire au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_sapeur_pompier_engagement_signe(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Un engagement de sapeur-pompier volontaire de cinq ans est signé et notifié dans l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Apprécié sur l'engagement signé, déclaré à la fin de l'année de notification (D5151-14).
    """
