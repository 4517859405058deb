"""Solde du CEC en heures (2017-2018)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_solde_heures(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    end = "2018-12-31"
    unit = "hour"
    label = "Solde du CEC en heures au 31 décembre, après les droits utilisés et l'alimentation au titre de l'année (2017 et 2018)"
    reference = (
        "https://travail-emploi.gouv.fr/formation-professionnelle/cpa/article/le-compte-engagement-citoyen-fiche-pratique",
    )

    def formula_2017_01_01(individu, period, parameters):
        """L5151-10 C. trav. (2017) : solde reporté, moins les heures utilisées, plus 20 h par activité, plafond de 60 h."""
        return valeur(individu, "cec_solde_heures", period.start.year)
