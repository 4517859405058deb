"""Crédits de tiers débités pour l'achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.plan import utilise_au
from openfisca_cpa.entities import Individu


class cpf_achat_credits_tiers_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Crédits de tiers inscrits sur le CPF débités pour l'achat daté de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038031942",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )

    def formula_2019_01_01(individu, period, parameters):
        """R6333-3 C. trav. : après les droits statutaires jusqu'au 4 décembre 2025, avant eux ensuite."""
        return utilise_au(individu, "cpf_achat_credits_tiers_mobilises", period)
