"""Droits du CEC utilisés par les achats de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.plan import total_annee
from openfisca_cpa.entities import Individu


class cec_achats_droits_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Euros du CEC utilisés par les achats datés de l'année civile (cec_achat_droits_mobilises additionnés)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = """
    Débités du solde du CEC de l'année en plus des droits déclarés cec_droits_mobilises, qui comptent les droits
    utilisés hors des achats de la demande (pas de double compte).
    """

    def formula_2019_01_01(individu, period, parameters):
        """D5151-14 C. trav. : somme des droits du CEC utilisés par les achats de l'année."""
        return total_annee(individu, "cec_achats_droits_mobilises", period)
