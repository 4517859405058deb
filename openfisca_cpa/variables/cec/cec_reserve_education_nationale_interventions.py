"""Réserve citoyenne de l'Éducation nationale au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_education_nationale_interventions(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "nombre"
    label = "Interventions effectuées dans la réserve citoyenne de l'Éducation nationale pendant l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
