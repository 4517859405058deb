"""Abondement correctif versé au CPF."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.saisies import nul, vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_abondement_correctif(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Abondement correctif versé au CPF dans l'année (hors alimentation annuelle et hors plafond)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052437094",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053428063",
    )

    def formula_2019_01_01(individu, period, parameters):
        """L6323-13 et R6323-3 I C. trav. : 3 000 € quand l'employeur d'au moins 50 salariés a manqué aux deux obligations."""
        montant = parameters(period).cpf.abondements.correctif.montant
        eligible = vrai_quelque_part(individu, "cpf_abondement_correctif_eligible", period)
        if eligible is None:  # aucun employeur en défaut
            return nul(individu)
        return np.where(eligible, montant, 0)
