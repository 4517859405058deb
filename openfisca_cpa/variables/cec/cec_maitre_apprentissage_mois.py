"""Maître d'apprentissage au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_maitre_apprentissage_mois(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "month"
    label = "Mois pendant lesquels la personne a été maître d'apprentissage dans l'année (quel que soit le nombre d'apprentis)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Apprécié sur l'année et la précédente : des mois à cheval sur deux années ne donnent qu'un crédit.
    """
