"""Réserve civique au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_civique_heures(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures d'activité dans la réserve civique et ses réserves thématiques (hors réserves citées à part) pendant l'année, toutes structures d'accueil"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Activités de la réserve civique à partir du 1er janvier 2021 (D5151-14 13°, décret n° 2021-1842).
    """
