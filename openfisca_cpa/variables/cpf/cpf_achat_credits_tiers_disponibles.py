"""Crédits de tiers inscrits sur le CPF."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.plan import disponible_au
from openfisca_cpa.entities import Individu


class cpf_achat_credits_tiers_disponibles(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Crédits versés par des tiers sur le CPF et disponibles à l'achat (correctif, APC, crédits conventionnels, L6323-4 III)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038031942",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )
    documentation = """
    Mobilisés après les droits statutaires jusqu'au 4 décembre 2025, avant eux depuis le 5 décembre 2025 (R6333-3).
    Calculés depuis la carrière : solde hors plafond de fin N-1 (cpf_solde_abondements), moins les abondements
    déclarés dépensés en N hors achats de la demande (cpf_abondements_mobilises), moins les crédits utilisés par
    les achats de N datés avant ce jour. Saisis, ils remplacent le calcul pour ce jour et les achats suivants.
    """

    def formula_2019_01_01(individu, period, parameters):
        """R6333-3 C. trav. : solde hors plafond de fin N-1, moins les crédits dépensés en N avant ce jour."""
        return disponible_au(individu, "cpf_achat_credits_tiers_disponibles", period)
