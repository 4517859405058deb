"""Crédits de tiers inscrits sur le CPF."""

from openfisca_core.model_api import DAY, Variable

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
    """
