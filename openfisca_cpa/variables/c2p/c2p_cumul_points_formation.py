"""Cumul des points du C2P utilisés pour la formation."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_cumul_points_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Cumul des points du C2P utilisés pour la formation depuis 2015 au 31 décembre (points réservés consommés)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331818",
    )
    documentation = """
    État de carrière rangé chaque année ; les premiers points réservés à la formation (R4163-13) s'y imputent.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 1° et R4163-13 C. trav. : points utilisés pour la formation, imputés sur les points réservés."""
        return valeur(individu, "c2p_cumul_points_formation", period.start.year)
