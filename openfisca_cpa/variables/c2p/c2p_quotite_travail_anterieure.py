"""Temps de travail avant la réduction demandée avec le C2P."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_quotite_travail_anterieure(Variable):
    value_type = float
    default_value = 1
    entity = Individu
    definition_period = DAY
    unit = "/1"
    label = "Temps de travail avant la réduction, en part de la durée de l'établissement (1 : temps plein)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",)
