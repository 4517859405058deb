"""Écart créé par un solde de points connu du C2P."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_reprise_solde_connu(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Écart entre le solde de points connu du C2P saisi pour l'année et le solde rejoué"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
    documentation = """
    Le solde relevé (c2p_solde_points_initial, année c2p_annee_solde_points_initial) remplace le solde rejoué ;
    la réserve pour la formation redevient entière et les cumuls d'utilisation repartent de zéro.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 et R4163-11 C. trav. : le solde inscrit au compte fait foi ; écart avec le solde rejoué de l'année."""
        return valeur(individu, "c2p_reprise_solde_connu", period.start.year)
