"""Crédits hors plafond du CPF utilisés par les achats de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.plan import total_annee
from openfisca_cpa.entities import Individu


class cpf_achats_abondements_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Crédits hors plafond du CPF débités par les achats datés de l'année civile (cpf_achat_credits_tiers_mobilises additionnés)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038031942",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )
    documentation = """
    Débités du solde hors plafond de l'année (cpf_solde_abondements) en plus des abondements déclarés
    cpf_abondements_mobilises, qui comptent ceux dépensés hors des achats de la demande (pas de double compte).
    """

    def formula_2019_01_01(individu, period, parameters):
        """R6333-3 C. trav. : somme des crédits de tiers débités par les achats de l'année."""
        return total_annee(individu, "cpf_achats_abondements_mobilises", period)
