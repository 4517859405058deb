"""Cumul des points du C2P utilisés pour la retraite."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_cumul_points_retraite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Cumul des points du C2P utilisés pour des trimestres de retraite depuis 2015, au 31 décembre"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",)
    documentation = """
    État de carrière rangé chaque année ; sert au maximum de trimestres de la carrière (R4163-11).
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 3° C. trav. : points utilisés pour des trimestres de majoration de durée d'assurance."""
        return valeur(individu, "c2p_cumul_points_retraite", period.start.year)
