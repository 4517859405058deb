"""Alimentation statutaire du CPF au titre de l'année, après plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf import soldes_euros, soldes_heures
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
        "Versée début N+1 par la Caisse des dépôts ; égale à la hausse du solde une fois les droits mobilisés débités."
    )

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 (2015), L6323-11-1 (2017-2018) et L6323-27 (2018) C. trav. : heures créditées, au plus jusqu'au plafond en heures."""
        apres_debit, solde = soldes_heures(individu, period.start.year)
        return solde - apres_debit

    def formula_2019_01_01(individu, period, parameters):
        """L6323-11 et R6323-1 C. trav. : euros crédités, au plus jusqu'au plafond du solde statutaire."""
        apres_debit, solde = soldes_euros(individu, period.start.year)
        return solde - apres_debit
