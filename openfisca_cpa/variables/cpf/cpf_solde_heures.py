"""Solde statutaire du CPF en heures (années d'activité 2015 à 2018)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_HEURES
from openfisca_cpa.entities import Individu


class cpf_solde_heures(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    end = "2018-12-31"
    unit = "hour"
    label = "Solde statutaire du CPF en heures (hors DIF) au 31 décembre, après les droits mobilisés et l'alimentation au titre de l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033010132",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535651",
    )
    documentation = "L'alimentation au titre de l'année N est versée début N+1 ; elle est comptée dans le solde de N."

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 C. trav. : solde reporté, moins les heures mobilisées, plus le crédit de l'année, dans la limite du plafond."""
        return mouvement(individu, CPF_HEURES, "cpf_solde_heures", period.start.year)
