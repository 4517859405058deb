"""Écart entre un solde public connu et le solde rejoué."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf_public import mouvement_public
from openfisca_cpa.entities import Individu


class cpf_public_reprise_solde_connu(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Reprise d'un solde public connu : écart entre le solde saisi pour l'année (relevé officiel) et le solde rejoué par le modèle"
    reference = ("https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",)

    def formula_2017_01_01(individu, period, parameters):
        """Décret n° 2017-928, art. 3 : le solde saisi fait foi ; l'écart est un mouvement explicite."""
        return mouvement_public(individu, "cpf_public_reprise_solde_connu", period.start.year)
