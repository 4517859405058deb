"""Participation forfaitaire retenue pour l'achat."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_achat_participation_forfaitaire(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Participation forfaitaire retenue pour l'achat à cette date, hors exonération (avant absorption par un reste à charge plus élevé)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049488983",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046873599",
    )
    documentation = """
    100 € le 2 mai 2024, 102,23 € en 2025, 103,20 € en 2026. Elle réduit les droits mobilisés : si le titulaire paie
    déjà davantage (droits insuffisants, plafond), elle est absorbée ; si le prix est plus bas, il paie le prix.
    """

    def formula_2024_05_02(individu, period, parameters):
        """L6323-7 et R6323 C. trav. : montant forfaitaire revalorisé chaque 1er janvier, sauf exonération."""
        montant = parameters(period).cpf.usage.participation_forfaitaire
        return np.where(individu("cpf_achat_participation_exoneree", period), 0, montant)
