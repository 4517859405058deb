"""Droits du CEC acquis au titre de l'année, après plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_alimentation(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits du CEC acquis au titre de l'année d'activité, après plafond (heures jusqu'en 2018, euros à partir de 2019)"
    reference = (
        "https://travail-emploi.gouv.fr/formation-professionnelle/cpa/article/le-compte-engagement-citoyen-fiche-pratique",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
    )
    documentation = "Portés au compte en N+1 ; cec_alimentation = cec_alimentation_avant_plafond − cec_ecretement."

    def formula_2017_01_01(individu, period, parameters):
        """L5151-10 C. trav. (2017) : heures acquises dans la limite du plafond de 60 heures."""
        return valeur(individu, "cec_alimentation", period.start.year)

    def formula_2019_01_01(individu, period, parameters):
        """D5151-14 I et III C. trav. : euros acquis dans la limite du plafond de 720 € sur le solde."""
        return valeur(individu, "cec_alimentation", period.start.year)
