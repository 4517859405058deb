"""Heures travaillées comme salarié de droit privé dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class heures_travaillees(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures travaillées comme salarié de droit privé dans l'année, tous employeurs et contrats confondus (hors absences assimilées)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",)
    documentation = """
    CDI, CDD, intérim, apprentissage, professionnalisation : les heures de tous les employeurs et de toutes
    les missions de l'année s'additionnent (R6323-1 C. trav. : durée travaillée « sur l'ensemble de l'année »).
    Les heures au-delà de la durée de référence ne donnent pas de droits supplémentaires.
    """
