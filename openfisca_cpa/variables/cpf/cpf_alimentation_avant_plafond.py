"""Alimentation statutaire du CPF avant application du plafond."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import non_nul
from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_HEURES
from openfisca_cpa.entities import Individu


class cpf_alimentation_avant_plafond(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Alimentation statutaire du CPF au titre de l'année, statut le plus favorable, avant plafond (heures jusqu'en 2018, euros ensuite)"
    reference = (
        "https://www.service-public.fr/particuliers/vosdroits/F10705",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )

    documentation = """
    2015-2018, en heures : crédit de l'année rejoué avec le solde (palier de 120 heures de L6323-11), rangé
    par le déroulé du compte (commun/compte.py). Depuis 2019, en euros : ne dépend pas du solde.
    """

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 (2015), L6323-11-1 (2017-2018) et L6323-27 (2018) C. trav. : heures de l'année avant plafond, palier de 120 heures appliqué au solde après débit."""
        return mouvement(individu, CPF_HEURES, "cpf_alimentation_avant_plafond", period.start.year)

    def formula_2019_01_01(individu, period, parameters):
        """R6323-1, R6323-3-1, D6323-3-3, R6323-22, R6323-29 C. trav. et fiche F10705 : plusieurs statuts dans l'année, le seul montant le plus favorable, sans cumul."""
        meilleur = individu("cpf_alimentation_salarie", period).copy()
        for statut in ("cpf_alimentation_independant", "cpf_alimentation_esat", "cpf_alimentation_intermittent"):
            montant = individu(statut, period)
            if non_nul(montant):  # statut que personne n'a cette année : rien à comparer
                np.maximum(meilleur, montant, out=meilleur)
        # L5151-2 et L6323-3 C. trav. : rien pour une année où le compte n'est pas ouvert ou après la retraite.
        meilleur[~individu("cpf_alimentation_due", period)] = 0
        return meilleur
