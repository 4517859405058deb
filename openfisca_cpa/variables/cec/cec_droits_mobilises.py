"""Droits du CEC utilisés dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_droits_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits du CEC dépensés pendant l'année civile (heures jusqu'en 2018, euros à partir de 2019)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385564",)
    documentation = """
    Débités avant l'alimentation au titre de la même année ; au-delà du solde, le débit est borné à zéro.
    """
