"""Travailleur handicapé admis en ESAT."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class travailleur_esat(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Travailleur handicapé admis dans un établissement ou service d'aide par le travail (ESAT) pendant l'année"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052141001",)
