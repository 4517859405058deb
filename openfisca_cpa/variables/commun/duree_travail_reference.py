"""Durée annuelle de travail de référence à temps plein."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class duree_travail_reference(Variable):
    value_type = float
    default_value = 1607
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Durée annuelle de travail à temps plein de référence (durée conventionnelle si un accord en fixe une)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535651",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )

    def formula_2015_01_01(individu, period, parameters):
        """R6323-1 C. trav. : à défaut de durée conventionnelle, la durée légale de 1 607 heures."""
        return parameters(period).cpf.duree_reference.defaut
