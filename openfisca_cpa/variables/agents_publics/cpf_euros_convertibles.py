"""Euros que donnerait la conversion du compteur public."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64, non_nul
from openfisca_cpa.commun.saisies import nul
from openfisca_cpa.entities import Individu


class cpf_euros_convertibles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Euros qu'un titulaire relevant du Code du travail obtiendrait au 31 décembre en convertissant cpf_solde_heures_public, dans la limite du plafond en euros"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000039639833",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000039639837",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
    )
    documentation = """
    Depuis le 1er janvier 2020 : 15 euros par heure (D6323-44 C. trav.), sans porter le solde statutaire
    au-delà du plafond en euros de l'année (cpf_plafond : 5 000 €, 8 000 € pour les publics majorés), ni
    réduire un solde déjà au-dessus. Pratique de la Caisse des dépôts rapportée en 2020 (centre-inffo) ;
    L6323-3 al. 2 C. trav.
    """

    def formula_2020_01_01(individu, period, parameters):
        """R6323-43 et D6323-44 C. trav. : heures publiques converties à 15 €/h, dans la limite du plafond en euros."""
        taux = parameters(period).cpf.agents_publics.conversion.euros_par_heure
        heures = individu("cpf_solde_heures_public", period)
        if not non_nul(heures):  # personne n'a d'heures publiques : rien à convertir
            return nul(individu)
        euros = en_float64(heures) * taux
        place = np.maximum(en_float64(individu("cpf_plafond", period)) - en_float64(individu("cpf_solde", period)), 0)
        return np.minimum(euros, place)
