"""Abondement du CPF des victimes d'accident du travail ou de maladie professionnelle."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.saisies import nul, saisie_float64
from openfisca_cpa.entities import Individu


class cpf_abondement_atmp(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Abondement du CPF ouvert par une incapacité permanente d'origine professionnelle notifiée dans l'année, hors plafond"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038024792",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036415500",
    )
    documentation = "Utilisable en plusieurs fois ; à demander dans les 2 ans de la notification quand elle le mentionne (R432-9-4 CSS)."

    def formula_2019_01_01(individu, period, parameters):
        """L432-12, R432-9-3 et D432-15 CSS : 7 500 € pour un taux d'IPP notifié d'au moins 10 % à partir de 2019."""
        p = parameters(period).cpf.abondements.atmp
        taux = saisie_float64(individu, "atmp_taux_incapacite_permanente", period)
        if taux is None:  # aucun taux d'incapacité saisi
            return nul(individu)
        return np.where(taux >= p.taux_ipp_minimum, p.montant, 0)
