"""Solde statutaire du CPF en euros."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_EUROS
from openfisca_cpa.entities import Individu


class cpf_solde(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Solde statutaire du CPF en euros au 31 décembre, après les droits mobilisés et l'alimentation au titre de l'année"
    reference = (
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037814909",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038005568",
    )
    documentation = """
    2018 : montant converti le 1er janvier 2019 (heures du CPF, alimentation 2018 comprise, et DIF inscrit, à 15 €/h).
    Ensuite : solde reporté, moins les droits mobilisés dans l'année, plus l'alimentation dans la limite du plafond.
    Hors abondements (cpf_solde_abondements) et hors CEC.
    """

    def formula_2018_01_01(individu, period, parameters):
        """Décret n° 2018-1153 puis L6323-11 et R6323-1 C. trav. : solde converti, débité, alimenté dans la limite du plafond."""
        return mouvement(individu, CPF_EUROS, "cpf_solde", period.start.year)
