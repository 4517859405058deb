"""Date de naissance de l'individu."""

from datetime import date

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class date_naissance(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Individu
    definition_period = ETERNITY
    label = "Date de naissance"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331774",)
    documentation = "Sert aux points doublés et réservés du C2P (R4163-10, R4163-13 C. trav.) et à l'âge."
