"""Euros du CPF débités pour un achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_montant_mobilise(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = (
        "Euros débités du CPF pour l'achat daté de ce jour (droits statutaires et crédits de tiers inscrits au compte)"
    )
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049488983",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053569786",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )
    documentation = """
    0 si l'achat n'est pas éligible (motif dans cpf_achat_motif_refus) ou s'il n'y a pas d'achat. Hors CEC et hors
    abondements liés à l'action (cpf_achat_cofinancement_tiers). N'est pas reporté automatiquement dans
    cpf_droits_mobilises (saisie annuelle du solde statutaire).
    """

    def formula_2019_01_01(individu, period, parameters):
        """R6323, D6323-1 A et R6333-3 C. trav. : droits du compte débités, nets de la participation forfaitaire."""
        return individu("cpf_achat_droits_statutaires_mobilises", period) + individu(
            "cpf_achat_credits_tiers_mobilises", period
        )
