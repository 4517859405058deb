"""Droits du CEC disponibles à l'achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.plan import disponible_au
from openfisca_cpa.entities import Individu


class cec_solde_disponible(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Euros du CEC disponibles au moment de l'achat daté de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385564",
    )
    documentation = """
    Solde du CEC de fin N-1 (cec_solde, activités de N-1 comprises), moins les droits déclarés utilisés en N hors
    achats de la demande (cec_droits_mobilises), moins les droits du CEC utilisés par les achats de N datés avant ce
    jour. Saisi (relevé du compte officiel), il remplace le calcul pour ce jour et les achats suivants de l'année.
    """

    def formula_2019_01_01(individu, period, parameters):
        """D5151-14 C. trav. : solde du CEC de fin N-1, moins les droits utilisés en N avant ce jour."""
        return disponible_au(individu, "cec_solde_disponible", period)
