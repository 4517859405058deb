"""Part des droits du CEC de l'année perdue par le plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_ecretement(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part des droits du CEC acquis au titre de l'année perdue par le plafond du solde (60 heures, puis 720 €)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = "cec_ecretement = cec_alimentation_avant_plafond − cec_alimentation (nul l'année d'un solde connu)."

    def formula_2017_01_01(individu, period, parameters):
        """L5151-10 (2017) et D5151-14 III C. trav. : droits au-delà du plafond du solde non inscrits."""
        return valeur(individu, "cec_ecretement", period.start.year)
