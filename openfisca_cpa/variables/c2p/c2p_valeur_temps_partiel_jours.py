"""Valeur en jours de mi-temps des points du C2P disponibles."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import arrondi_demi_inferieur
from openfisca_cpa.commun.c2p import age_au, age_limite_temps_partiel, etat_au_jour
from openfisca_cpa.entities import Individu


class c2p_valeur_temps_partiel_jours(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "day"
    label = (
        "Jours de passage à mi-temps sans perte de salaire que permettraient les points du C2P disponibles à cette date"
    )
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036407783",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047960073",
    )
    documentation = """
    Vue « banque de temps » : points hors réserve formation, par tranches entières de 10, dans la limite de 80
    points pour le temps partiel avant 60 ans (depuis le 1er septembre 2023), au coefficient 0,5 d'un temps plein
    passant à mi-temps. Valeur exclusive des valeurs en formation et en trimestres.
    """

    def formula_2015_01_01(individu, period, parameters):
        """D4163-26 et D4163-13-1 C. trav. : tranches de 10 points × 45 (puis 60) jours / 0,5."""
        p = parameters(period).c2p.utilisation.temps_partiel
        etat = etat_au_jour(individu, period)
        utilisables = np.maximum(etat.solde - individu("c2p_points_reserves_formation", period), 0)
        maximum = getattr(p, "max_points_avant_age_limite", None)
        if maximum is not None:
            naissance = individu("date_naissance", period)
            avant_age = age_au(naissance, period.start) < age_limite_temps_partiel(individu, period.start)
            restant = np.maximum(maximum - etat.cumul_temps_partiel_avant_age, 0)
            utilisables = np.where(avant_age, np.minimum(utilisables, restant), utilisables)
        tranches = np.floor(np.round(utilisables / p.points_par_tranche, 6))
        mi_temps = 0.5
        return arrondi_demi_inferieur(tranches * p.facteur_jours / mi_temps) + 0.0
