"""Heures dues au compteur public au titre de l'année d'activité, avant plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf_public import mouvement_public
from openfisca_cpa.entities import Individu


class cpf_public_credit_avant_plafond(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures dues au compteur public au titre de l'année d'activité, avant plafond"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )

    def formula_2017_01_01(individu, period, parameters):
        """Loi n° 83-634, art. 22 quater, et décret n° 2017-928, art. 3 : crédit au prorata du service, arrondi à l'heure supérieure."""
        return mouvement_public(individu, "cpf_public_credit_avant_plafond", period.start.year)
