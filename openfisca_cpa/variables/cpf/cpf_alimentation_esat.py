"""Alimentation du CPF d'un travailleur handicapé admis en ESAT."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.saisies import nul, vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_alimentation_esat(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Alimentation du CPF d'un travailleur handicapé admis en ESAT pour l'année, avant plafond"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052141001",)
    documentation = "Avant 2019, aucun montant n'est établi par la spécification : rien n'est crédité à ce titre."

    def formula_2019_01_01(individu, period, parameters):
        """R6323-29 C. trav. : 800 € par année d'admission en ESAT, quelle que soit la durée de travail."""
        esat = vrai_quelque_part(individu, "travailleur_esat", period)
        if esat is None:
            return nul(individu)
        credit = nul(individu)
        credit[esat] = parameters(period).cpf.euros.esat.credit_annuel
        return credit
