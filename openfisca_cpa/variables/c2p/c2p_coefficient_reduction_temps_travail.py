"""Coefficient de réduction du temps de travail (D4163-26)."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.c2p import coefficient_reduction
from openfisca_cpa.entities import Individu


class c2p_coefficient_reduction_temps_travail(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "/1"
    label = "Coefficient de réduction du temps de travail : réduction demandée rapportée au temps de travail antérieur, arrondie au centième"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036407783",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",
    )

    def formula_2015_01_01(individu, period, parameters):
        """D4163-26 C. trav. : réduction / durée antérieure, arrondie au centième le plus proche (demi vers le haut)."""
        reduction = en_float64(individu("c2p_taux_reduction_temps_travail", period))
        quotite = en_float64(individu("c2p_quotite_travail_anterieure", period))
        return coefficient_reduction(reduction, quotite)
