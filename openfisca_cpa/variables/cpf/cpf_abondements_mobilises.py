"""Abondements et dotations du CPF dépensés dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_abondements_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = (
        "Abondements et dotations hors plafond du CPF (correctif, APC, AT/MP) dépensés pendant l'année civile, en euros"
    )
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",)
