"""Activités du CEC appréciées sur deux ans validées pour l'année (état de la fenêtre de deux ans)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import CEC_DEUX_ANS
from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.entities import Individu


class cec_activites_deux_ans_validees(Variable):
    value_type = int
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Activités du CEC appréciées sur l'année et la précédente validées pour l'année (masque : service civique 1, maître d'apprentissage 2, réserve de l'Éducation nationale 4)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = """
    État de la fenêtre de deux ans de D5151-14 II, rangé année par année : les quantités de N-1 qui ont validé
    N-1 ne sont pas reprises en N. Sert à cec_nb_activites_validees.
    """

    def formula_2017_01_01(individu, period, parameters):
        """D5151-14 II C. trav. : durées minimales atteintes sur l'année écoulée et la précédente, sans double compte."""
        return mouvement(individu, CEC_DEUX_ANS, "cec_activites_deux_ans_validees", period.start.year)
