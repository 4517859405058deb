"""Prix de l'action achetée avec le CPF."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_prix_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Prix de l'action de formation achetée avec le CPF à cette date"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )
    documentation = """
    0 : pas d'achat ce jour-là.
    """
