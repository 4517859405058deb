"""Alimentation du CPF au titre de l'activité indépendante, avant plafond."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import arrondi_centime_superieur, sur_partie
from openfisca_cpa.commun.saisies import nul, saisie_float64
from openfisca_cpa.entities import Individu


class cpf_alimentation_independant(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Alimentation du CPF au titre de l'activité indépendante de l'année (contribution à la formation acquittée), avant plafond"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000039216085",)

    def formula_2019_01_01(individu, period, parameters):
        """R6323-22 C. trav. : 500 € par année d'activité, au prorata des mois couverts, arrondi au centime supérieur."""
        p = parameters(period).cpf.euros.independant
        mois = saisie_float64(individu, "mois_activite_independante", period)
        if mois is None or not mois.any():
            return nul(individu)
        # Zéro mois (ou moins) : zéro ; le prorata arrondi n'est calculé que pour les mois saisis.

        def prorata(mois_saisis):
            return arrondi_centime_superieur(p.credit_annuel * np.minimum(mois_saisis, 12) / 12)

        return sur_partie(mois > 0, prorata, mois, fond=nul(individu))
