"""Montant versé par l'employeur au titre de l'accord de performance collective."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_abondement_apc_verse(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Abondement versé par l'employeur au titre d'un accord de performance collective, s'il dépasse le minimum (heures en 2018, euros ensuite)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038016358",)
