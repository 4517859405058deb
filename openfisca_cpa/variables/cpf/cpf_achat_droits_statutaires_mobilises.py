"""Droits statutaires débités pour l'achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.plan import utilise_au
from openfisca_cpa.entities import Individu


class cpf_achat_droits_statutaires_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Droits statutaires du CPF débités pour l'achat daté de ce jour, dans le plafond par action"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053569786",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038031942",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )

    def formula_2019_01_01(individu, period, parameters):
        """R6333-3 et D6323-1 A C. trav. : min(solde, plafond de l'action, prix - participation - cofinancements)."""
        return utilise_au(individu, "cpf_achat_droits_statutaires_mobilises", period)
