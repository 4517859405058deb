"""Droits statutaires du CPF disponibles à l'achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.plan import disponible_au
from openfisca_cpa.entities import Individu


class cpf_solde_disponible(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Euros de droits du CPF disponibles au moment de l'achat (droits statutaires, DIF converti compris)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038031942",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053569786",
    )
    documentation = """
    Calculé depuis la carrière : solde statutaire de fin N-1 (cpf_solde, alimentation au titre de N-1 réputée
    inscrite au 1er janvier N), moins les droits déclarés dépensés en N hors achats de la demande
    (cpf_droits_mobilises, réputés dépensés avant eux), moins les droits utilisés par les achats de N datés avant
    ce jour. Saisi (relevé du compte officiel), il remplace le calcul pour ce jour et les achats suivants de l'année
    en repartent.
    Droits inscrits en application de L6323-11, L6323-27 et L6323-34, seuls visés par les plafonds par action.
    Les crédits versés par des tiers sur le compte sont dans cpf_achat_credits_tiers_disponibles, le CEC dans
    cec_solde_disponible.
    """

    def formula_2019_01_01(individu, period, parameters):
        """R6333-3 C. trav. : solde statutaire de fin N-1, moins les droits dépensés en N avant ce jour."""
        return disponible_au(individu, "cpf_solde_disponible", period)
