"""Heures débitées du compteur public pendant l'année (heures utilisées, au plus le solde)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf_public import mouvement_public
from openfisca_cpa.entities import Individu


class cpf_public_debit(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures débitées du compteur public pendant l'année (heures utilisées, au plus le solde)"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )

    def formula_2017_01_01(individu, period, parameters):
        """Décret n° 2017-928, art. 3 : le compteur est débité des heures utilisées, sans devenir négatif."""
        return mouvement_public(individu, "cpf_public_debit", period.start.year)
