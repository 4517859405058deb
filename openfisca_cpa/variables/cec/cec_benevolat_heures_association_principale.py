"""Bénévolat associatif au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_benevolat_heures_association_principale(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures de bénévolat éligible effectuées dans l'association où la personne a le plus donné, pendant l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
