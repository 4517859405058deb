"""Abondement correctif dû au salarié."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_abondement_correctif_eligible(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "L'employeur (au moins 50 salariés) doit l'abondement correctif à l'état des lieux de l'année : ni les entretiens requis ni formation non obligatoire"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052437094",)
    documentation = """
    L6323-13 C. trav. : état des lieux tous les 6 ans jusqu'au 25 octobre 2025, tous les 8 ans depuis le
    26 octobre 2025 (loi n° 2025-989). Les deux manquements sont cumulatifs (Cass. soc. 21 janvier 2026).
    """
