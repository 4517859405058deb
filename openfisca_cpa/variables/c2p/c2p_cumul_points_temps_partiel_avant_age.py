"""Cumul des points du C2P utilisés pour le temps partiel avant l'âge limite."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_cumul_points_temps_partiel_avant_age(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Cumul des points du C2P utilisés pour un temps partiel avant l'âge limite de D4163-13-1, au 31 décembre"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",)
    documentation = """
    État de carrière rangé chaque année ; sert au maximum de points pour le temps partiel avant l'âge limite.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 2° et D4163-13-1 C. trav. : points utilisés pour le temps partiel avant l'âge limite."""
        return valeur(individu, "c2p_cumul_points_temps_partiel_avant_age", period.start.year)
