"""Abondements du CPF effectivement débités dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_ABONDEMENTS
from openfisca_cpa.entities import Individu


class cpf_abondements_debit(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = (
        "Abondements et dotations hors plafond du CPF effectivement débités pendant l'année civile, au plus leur solde"
    )
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385300",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
    )
    documentation = """
    Mouvement : cpf_solde_abondements(N) = cpf_solde_abondements(N-1) − cpf_abondements_debit(N) + abondements reçus
    (cpf_abondement_correctif, cpf_abondement_apc, cpf_abondement_atmp).
    """

    def formula_2019_01_01(individu, period, parameters):
        """L6323-4 II C. trav. : abondements dépensés dans l'année, débités de leur solde dans la limite de ce solde."""
        return mouvement(individu, CPF_ABONDEMENTS, "cpf_abondements_debit", period.start.year)
