"""Rémunération de l'année qui n'est pas établie en fonction d'un nombre d'heures."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class remuneration_non_horaire(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Rémunération perçue dans l'année qui n'est pas établie en fonction d'un nombre d'heures travaillées"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535651",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )
    documentation = (
        "R6323-1 C. trav. : la référence est alors 2 080 fois le SMIC horaire (cpf.duree_reference.nb_smic_horaire)."
    )
