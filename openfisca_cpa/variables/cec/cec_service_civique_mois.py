"""Service civique au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_service_civique_mois(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "month"
    label = "Mois de service civique accomplis pendant l'année (engagement, volontariat associatif, VIA, VIE, VSI, Corps européen de solidarité)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Apprécié sur l'année et la précédente (six mois continus) : un service à cheval sur deux années ne donne qu'un crédit.
    """
