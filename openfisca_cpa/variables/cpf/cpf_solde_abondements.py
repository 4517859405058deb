"""Solde des abondements et dotations hors plafond du CPF."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.plan import garder
from openfisca_cpa.entities import Individu


class cpf_solde_abondements(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Solde des abondements et dotations hors plafond du CPF (correctif, APC, AT/MP, accord plus favorable) au 31 décembre, en euros"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385300",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000039216076",
    )
    documentation = "Compteur distinct du solde statutaire : ces sommes ne comptent ni dans l'alimentation annuelle ni dans le plafond."

    def formula_2018_01_01(individu, period, parameters):
        """L2254-2 VI, L6323-4 II, L6323-11 al. 4 et R6323-2 C. trav. : abondements reçus moins abondements dépensés, sans plafond ; heures de 2018 converties à 15 €/h."""
        taux = parameters("2019-01-01").cpf.conversion.euros_par_heure
        solde = en_float64(individu("cpf_abondement_apc", "2018")) * taux
        garder(individu, "cpf_solde_abondements", 2018, solde)
        for annee in range(2019, period.start.year + 1):  # quelques années : boucle permise
            recus = sum(
                en_float64(individu(nom, str(annee)))
                for nom in (
                    "cpf_abondement_correctif",
                    "cpf_abondement_apc",
                    "cpf_abondement_atmp",
                    "cpf_abondement_accord",
                )
            )
            # Abondements déclarés hors achats de la demande, puis crédits utilisés par les achats de l'année (plan.py).
            mobilises = en_float64(individu("cpf_abondements_mobilises", str(annee))) + en_float64(
                individu("cpf_achats_abondements_mobilises", str(annee))
            )
            solde = np.maximum(solde - mobilises, 0) + recus
            # Fin d'année rangée dans le holder avant l'année suivante, dont les achats la lisent.
            garder(individu, "cpf_solde_abondements", annee, solde)
        return solde
