"""Solde de points du C2P."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_solde_points(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Solde de points du C2P au 31 décembre, après les utilisations de l'année et les points acquis au titre de l'année, dans le plafond en vigueur"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
    documentation = """
    Rejoué depuis 2015 : chaque année, les demandes accordées dans l'ordre des dates, puis les points acquis
    au titre de l'année, limités jusqu'à l'année d'exposition 2022 par le plafond de 100 points acquis sur la
    carrière (supprimé le 1er septembre 2023).
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 et R4163-11 C. trav. : solde reporté, moins les points utilisés, plus les points acquis dans le plafond."""
        return valeur(individu, "c2p_solde_points", period.start.year)
