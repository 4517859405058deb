"""Écart créé par un solde connu du CPF saisi par l'utilisateur."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_EUROS, CPF_HEURES
from openfisca_cpa.entities import Individu


class cpf_reprise_solde_connu(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Écart entre le solde connu du CPF saisi pour l'année et le solde reporté (heures jusqu'en 2017, euros à partir de 2018)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",)
    documentation = """
    Un solde relevé sur le compte officiel (cpf_solde_initial ou cpf_solde_heures_initial, année
    cpf_annee_solde_initial) remplace le solde rejoué de son année (après le débit et l'alimentation de l'année,
    calculés par la règle) : la reprise est cet écart, nulle les autres années.
    """

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 C. trav. : le solde inscrit au compte fait foi ; écart avec le solde reporté de l'année précédente."""
        annee = period.start.year
        return mouvement(individu, CPF_HEURES if annee < 2018 else CPF_EUROS, "cpf_reprise_solde_connu", annee)
