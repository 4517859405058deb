"""Contrat d'apprentissage de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class apprenti(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    default_value = False
    label = "Titulaire d'un contrat d'apprentissage pendant l'année (le compte s'ouvre alors dès quinze ans)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046454647",)
