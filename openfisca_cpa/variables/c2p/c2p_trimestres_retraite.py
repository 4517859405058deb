"""Trimestres de retraite obtenus avec des points du C2P."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entities import Individu


class c2p_trimestres_retraite(Variable):
    value_type = int
    entity = Individu
    definition_period = DAY
    unit = "nombre"
    label = "Trimestres de majoration de durée d'assurance vieillesse obtenus par la demande datée de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
        "https://mairiestegemme.fr/mes-demarches/famille/?xml=F36326",
    )

    def formula_2015_01_01(individu, period, parameters):
        """R4163-11 3° C. trav. et L351-6-1 CSS : un trimestre par tranche de 10 points accordée."""
        p = parameters(period).c2p.utilisation.retraite
        points = en_float64(individu("c2p_points_accordes_retraite", period))
        return np.floor(np.round(points / p.points_par_trimestre, 6)).astype(int)
