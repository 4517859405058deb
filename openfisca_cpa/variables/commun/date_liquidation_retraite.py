"""Date de liquidation de l'ensemble des pensions."""

from datetime import date

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class date_liquidation_retraite(Variable):
    value_type = date
    entity = Individu
    definition_period = ETERNITY
    default_value = date(9999, 12, 31)
    label = "Date à laquelle le titulaire a fait valoir l'ensemble de ses droits à la retraite (jamais par défaut)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",
    )
    documentation = """
    Avec retraite_taux_plein : arrête l'alimentation du CPF du Code du travail (L6323-3, L5421-4 1° et 3°).
    Toute liquidation, sauf pour invalidité (retraite_pour_invalidite), arrête le compteur public.
    Le compte reste ouvert et les soldes sont gelés, pas remis à zéro.
    """
