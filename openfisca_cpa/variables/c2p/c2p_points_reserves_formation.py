"""Points du C2P encore réservés à la formation à une date."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.c2p import etat_au_jour, points_reserves
from openfisca_cpa.entities import Individu


class c2p_points_reserves_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "point"
    label = "Points du C2P disponibles à cette date qui restent réservés à la formation (et à la reconversion)"
    reference = ("https://www.compteprofessionnelprevention.fr/reconversion.html",)
    documentation = "20 premiers points pour les personnes nées à partir de 1963, 10 pour 1960-1962, 0 avant 1960, diminués des points déjà utilisés pour la formation."

    def formula_2015_01_01(individu, period, parameters):
        """R4163-13 C. trav. : les premiers points acquis sont réservés à la formation selon l'année de naissance."""
        etat = etat_au_jour(individu, period)
        reserve = points_reserves(individu, individu("date_naissance", period))
        return np.minimum(np.maximum(reserve - etat.cumul_formation, 0), etat.solde)
