"""Points du C2P accordés pour le temps partiel."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.c2p import decision
from openfisca_cpa.entities import Individu


class c2p_points_accordes_temps_partiel(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "point"
    label = "Points du C2P débités pour le temps partiel à cette date (0 si la demande est refusée)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331818",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",
    )

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 C. trav. : la demande est accordée en entier ou refusée (voir c2p_motif_refus_temps_partiel)."""
        # Rangés avec le motif du jour (commun/c2p.py, decision) : la demande entière si elle est accordée.
        return decision(individu, "c2p_points_accordes_temps_partiel", period)
