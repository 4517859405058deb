"""Points du C2P utilisés dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.c2p import valeur
from openfisca_cpa.entities import Individu


class c2p_points_utilises(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "point"
    label = "Points du C2P effectivement débités pendant l'année civile (demandes accordées, toutes utilisations)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331818",
    )
    documentation = "Somme des demandes journalières accordées de l'année ; une demande refusée ne débite rien."

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 C. trav. : points débités pour la formation, le temps partiel et la retraite."""
        return valeur(individu, "c2p_points_utilises", period.start.year)
