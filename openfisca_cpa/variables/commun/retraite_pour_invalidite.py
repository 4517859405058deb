"""Retraite d'un agent public pour invalidité."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class retraite_pour_invalidite(Variable):
    value_type = bool
    entity = Individu
    definition_period = ETERNITY
    default_value = False
    label = "La retraite liquidée est une radiation des cadres anticipée pour invalidité (le compteur public n'est alors pas arrêté)"
    reference = ("https://www.legifrance.gouv.fr/eli/decret/2019/12/17/2019-1392/jo/texte",)
