"""Abondement AT/MP utilisé pour l'achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_achat_abondement_atmp(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Montant de l'abondement AT/MP (L432-12 CSS) utilisé pour l'action"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049488983",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
    )
    documentation = """
    Exonère de la participation forfaitaire (R6323).
    """
