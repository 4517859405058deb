"""Liquidation à taux plein ou au titre d'un départ anticipé."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class retraite_taux_plein(Variable):
    value_type = bool
    entity = Individu
    definition_period = ETERNITY
    default_value = True
    label = "La liquidation de la retraite remplissait les conditions du taux plein ou d'un départ anticipé (L5421-4 1° à 3° C. trav.)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",)
    documentation = "Faux : liquidation avec décote ; le salarié en cumul emploi-retraite continue alors d'acquérir des droits en euros jusqu'à l'âge du taux plein automatique."
