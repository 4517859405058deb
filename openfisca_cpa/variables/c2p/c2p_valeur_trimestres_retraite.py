"""Valeur en trimestres de retraite des points du C2P disponibles."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.c2p import etat_au_jour
from openfisca_cpa.entities import Individu


class c2p_valeur_trimestres_retraite(Variable):
    value_type = int
    entity = Individu
    definition_period = DAY
    unit = "nombre"
    label = (
        "Trimestres de retraite que permettraient les points du C2P disponibles à cette date (hors réserve formation)"
    )
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
        "https://mairiestegemme.fr/mes-demarches/famille/?xml=F36326",
    )
    documentation = """
    Vue « banque de temps » : 10 points par trimestre, au plus 8 trimestres sur la carrière, hors points réservés
    à la formation. Utilisables à partir de 55 ans (condition vérifiée à la demande, pas ici).
    """

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 3° C. trav. : tranches de 10 points hors réserve, dans la limite de 8 trimestres."""
        p = parameters(period).c2p.utilisation.retraite
        etat = etat_au_jour(individu, period)
        utilisables = np.maximum(etat.solde - individu("c2p_points_reserves_formation", period), 0)
        restants = np.maximum(p.max_trimestres - etat.cumul_retraite / p.points_par_trimestre, 0)
        trimestres = np.floor(np.round(utilisables / p.points_par_trimestre, 6))
        return np.minimum(trimestres, restants).astype(int)
