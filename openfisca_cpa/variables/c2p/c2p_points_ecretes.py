"""Points du C2P perdus par le plafond de carrière."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_points_ecretes(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Points du C2P acquis au titre de l'année mais non inscrits, le cumul des points acquis sur la carrière ayant atteint 100 points"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",
    )
    documentation = """
    Plafond de R4163-9 III (ancien) : cent points acquis au cours de la carrière, doublement compris ; supprimé
    le 1er septembre 2023 (décret n° 2023-759), donc nul à partir de l'année d'exposition 2023.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 III C. trav. (version 2017-2023) : points au-delà de cent points acquis sur la carrière non inscrits."""
        return valeur(individu, "c2p_points_ecretes", period.start.year)
