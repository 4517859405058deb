"""Écart créé par un solde connu du CEC saisi par l'utilisateur."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_reprise_solde_connu(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Écart entre le solde connu du CEC saisi pour l'année et le solde reporté, en euros (2018 ou après)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = (
        "Le solde relevé (cec_solde_initial, année cec_annee_solde_initial) remplace le solde rejoué de son année."
    )

    def formula_2018_01_01(individu, period, parameters):
        """D5151-14 C. trav. : le solde inscrit au compte fait foi ; écart avec le solde reporté de l'année précédente."""
        return valeur(individu, "cec_reprise_solde_connu", period.start.year)
