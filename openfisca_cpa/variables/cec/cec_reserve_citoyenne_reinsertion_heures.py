"""Réserve citoyenne de réinsertion au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_reserve_citoyenne_reinsertion_heures(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures d'activité dans la réserve citoyenne de réinsertion pendant l'année"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = """
    Activité éligible depuis le 1er décembre 2024 (D5151-14 12°, décret n° 2023-1393).
    """
