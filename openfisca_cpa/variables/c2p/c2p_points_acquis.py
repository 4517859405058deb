"""Points du C2P acquis au titre de l'année d'exposition."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import points_acquis
from openfisca_cpa.entities import Individu


class c2p_points_acquis(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Points du C2P acquis au titre de l'année d'exposition, avant plafond de carrière"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331774",
    )
    documentation = """
    Par période complète de trois mois : 1 point par facteur, au plus 2 jusqu'au 31 août 2023, sans maximum
    depuis (4 points par facteur pour une année complète). Règles lues au 31 décembre de l'année d'exposition
    (c2p.points.regle_au_31_decembre) : l'année 2023 suit la nouvelle règle. Points doublés pour les assurés
    nés avant le 1er juillet 1956. Portés au compte en N+1.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 et R4163-10 C. trav. : points par période de trois mois d'exposition, doublés avant juillet 1956."""
        return points_acquis(individu, period.start.year)
