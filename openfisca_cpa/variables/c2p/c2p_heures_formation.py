"""Heures de formation financées par des points du C2P (demandes jusqu'en 2018)."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_heures_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    end = "2018-12-31"
    unit = "hour"
    label = (
        "Heures de formation financées par les points du C2P utilisés à cette date (demandes jusqu'au 31 décembre 2018)"
    )
    reference = (
        "https://www.centre-inffo.fr/site-droit-formation/actualites-droit/compte-professionnel-de-prevention-utilisation-pour-de-la-formation",
    )
    documentation = "25 heures par point (valeur V-sec) ; à partir de 2019 voir c2p_droits_formation, en euros."

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 C. trav. (décret n° 2017-1768) : 25 heures de formation par point, abondant le CPF."""
        p = parameters(period).c2p.utilisation.formation
        return individu("c2p_points_accordes_formation", period) * p.heures_par_point
