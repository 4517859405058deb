"""Droits du CEC effectivement débités dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_debit(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits du CEC effectivement débités pendant l'année civile, au plus le solde (heures jusqu'en 2018, euros ensuite)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = "Mouvement du solde : cec_solde(N) = cec_solde(N-1) − cec_debit(N) + cec_alimentation(N) + cec_reprise_solde_connu(N)."

    def formula_2017_01_01(individu, period, parameters):
        """D5151-14 C. trav. : droits utilisés dans l'année, débités du solde reporté dans la limite de ce solde."""
        return valeur(individu, "cec_debit", period.start.year)
