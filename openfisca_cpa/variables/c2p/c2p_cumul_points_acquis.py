"""Cumul des points du C2P inscrits sur la carrière."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_cumul_points_acquis(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Cumul des points du C2P inscrits au compte depuis 2015 au 31 décembre (assiette du plafond de carrière)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",)
    documentation = """
    État de carrière rangé chaque année par le déroulé du compte (commun/compte.py).
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 III C. trav. (version 2017-2023) : points acquis au cours de la carrière, comptés pour le plafond de cent points."""
        return valeur(individu, "c2p_cumul_points_acquis", period.start.year)
