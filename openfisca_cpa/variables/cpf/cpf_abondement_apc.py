"""Abondement du CPF après refus d'un accord de performance collective."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.saisies import nul, vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_abondement_apc(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Abondement du CPF du salarié licencié après refus d'un accord de performance collective (heures en 2018, euros ensuite), hors plafond"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385300",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036453550",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038016358",
    )

    def formula_2018_01_01(individu, period, parameters):
        """D6323-3-2 C. trav. (2018) : au moins 100 heures."""
        minimum = parameters(period).cpf.abondements.apc.heures_minimum
        refus = vrai_quelque_part(individu, "cpf_licenciement_refus_apc", period)
        if refus is None:  # aucun licenciement pour refus d'un accord de performance collective
            return nul(individu)
        verse = en_float64(individu("cpf_abondement_apc_verse", period))
        return np.where(refus, np.maximum(verse, minimum), 0)

    def formula_2019_01_01(individu, period, parameters):
        """L2254-2 VI et R6323-3-2 C. trav. : au moins 3 000 €, hors alimentation annuelle et hors plafond."""
        minimum = parameters(period).cpf.abondements.apc.montant_minimum
        refus = vrai_quelque_part(individu, "cpf_licenciement_refus_apc", period)
        if refus is None:  # aucun licenciement pour refus d'un accord de performance collective
            return nul(individu)
        verse = en_float64(individu("cpf_abondement_apc_verse", period))
        return np.where(refus, np.maximum(verse, minimum), 0)
