"""Taux d'incapacité permanente notifié après un AT/MP."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class atmp_taux_incapacite_permanente(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Taux d'incapacité permanente partielle notifié dans l'année à la suite d'un accident du travail ou d'une maladie professionnelle (0,12 pour 12 %)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036415500",)
