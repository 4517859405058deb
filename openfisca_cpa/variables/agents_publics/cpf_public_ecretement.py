"""Heures publiques perdues au plafond pour l'année d'activité."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf_public import mouvement_public
from openfisca_cpa.entities import Individu


class cpf_public_ecretement(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures publiques perdues au plafond pour l'année d'activité"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )

    def formula_2017_01_01(individu, period, parameters):
        """Décret n° 2017-928, art. 3 : la part du crédit au-delà du plafond n'est pas inscrite."""
        return mouvement_public(individu, "cpf_public_ecretement", period.start.year)
