"""Droits statutaires du CPF disponibles à l'achat."""

from openfisca_core.model_api import DAY, Variable

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
    Droits inscrits en application de L6323-11, L6323-27 et L6323-34, seuls visés par les plafonds par action.
    Les crédits versés par des tiers sur le compte se saisissent dans cpf_achat_credits_tiers_disponibles ; le CEC
    est un compteur distinct, non mobilisé ici.
    """
