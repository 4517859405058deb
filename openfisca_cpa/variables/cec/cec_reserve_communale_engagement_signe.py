"""Réserve communale de sécurité civile au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_communale_engagement_signe(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Un contrat d'engagement de cinq ans dans la réserve communale de sécurité civile est signé dans l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Apprécié sur le contrat signé, déclaré à la fin de l'année de signature (D5151-14).
    """
