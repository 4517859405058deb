"""Alimentation statutaire du CPF au titre de l'année, après plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_EUROS, CPF_HEURES
from openfisca_cpa.entities import Individu


class cpf_alimentation(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Alimentation statutaire du CPF au titre de l'année d'activité, après plafond (heures jusqu'en 2018, euros à partir de 2019)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )
    documentation = (
        "Versée début N+1 par la Caisse des dépôts ; mouvement du solde : "
        "cpf_alimentation = cpf_alimentation_avant_plafond − cpf_ecretement."
    )

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 (2015), L6323-11-1 (2017-2018) et L6323-27 (2018) C. trav. : heures créditées, au plus jusqu'au plafond en heures."""
        return mouvement(individu, CPF_HEURES, "cpf_alimentation", period.start.year)

    def formula_2019_01_01(individu, period, parameters):
        """L6323-11 et R6323-1 C. trav. : euros crédités, au plus jusqu'au plafond du solde statutaire."""
        return mouvement(individu, CPF_EUROS, "cpf_alimentation", period.start.year)
