"""Jours de temps partiel obtenus avec des points du C2P."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import arrondi_demi_inferieur, en_float64
from openfisca_cpa.commun.c2p import coefficient_reduction
from openfisca_cpa.entities import Individu


class c2p_jours_temps_partiel(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "day"
    label = "Jours calendaires de temps partiel sans perte de salaire obtenus par la demande datée de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036407783",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",
        "https://www.compteprofessionnelprevention.fr/home/employeur/les-droits-des-salaries/le-passage--a-temps-partiel.html",
    )
    documentation = """
    Jours = points / 10 × 45 (60 depuis le 1er septembre 2023) / coefficient de réduction, arrondis au jour le plus
    proche, les demis vers le bas (seul exemple officiel : 112,5 → 112 jours ; au pair si
    c2p.utilisation.temps_partiel.arrondi_demis_au_pair). 0 si la demande est refusée.
    """

    def formula_2015_01_01(individu, period, parameters):
        """D4163-26 C. trav. : points / 10 × facteur / coefficient, au jour le plus proche (112,5 → 112)."""
        p = parameters(period).c2p.utilisation.temps_partiel
        # Seules les personnes à qui des points sont accordés ce jour-là (une minorité) ont des jours.
        accordes = individu("c2p_points_accordes_temps_partiel", period)
        indices = np.flatnonzero(accordes)
        resultat = np.zeros(individu.count)
        if not indices.size:
            return resultat
        points = en_float64(accordes[indices])
        coefficient = coefficient_reduction(
            en_float64(individu("c2p_taux_reduction_temps_travail", period)[indices]),
            en_float64(individu("c2p_quotite_travail_anterieure", period)[indices]),
        )
        jours = np.divide(
            points / p.points_par_tranche * p.facteur_jours,
            coefficient,
            out=np.zeros(len(points)),
            where=coefficient > 0,
        )
        if p.arrondi_demis_au_pair:
            resultat[indices] = np.round(np.round(jours, 6)) + 0.0
        else:
            resultat[indices] = arrondi_demi_inferieur(jours) + 0.0  # pas de -0,0
        return resultat
