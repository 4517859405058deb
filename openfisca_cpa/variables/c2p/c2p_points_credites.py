"""Points du C2P inscrits au titre de l'année, après le plafond de carrière."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_points_credites(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Points du C2P inscrits au compte au titre de l'année d'exposition, après le plafond de carrière de 100 points (jusqu'à l'année 2022)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",
    )
    documentation = """
    c2p_points_credites = c2p_points_acquis − c2p_points_ecretes. Mouvement du solde :
    c2p_solde_points(N) = c2p_solde_points(N-1) − c2p_points_utilises(N) + c2p_points_credites(N) + c2p_reprise_solde_connu(N).
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 C. trav. : points acquis, dans la limite de cent points acquis sur la carrière (jusqu'au 31 août 2023)."""
        return valeur(individu, "c2p_points_credites", period.start.year)
