"""Reste à charge du titulaire pour un achat avec le CPF."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entities import Individu


class cpf_reste_a_charge(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Somme payée par le titulaire pour l'achat daté de ce jour, participation forfaitaire comprise"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049488983",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046873599",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053569786",
    )
    documentation = """
    Prix, moins les cofinancements de tiers (dans la limite du prix), moins les euros débités du CPF et du CEC. 0 si
    l'achat n'est pas éligible au CPF (aucun achat par le CPF n'a lieu ; voir cpf_achat_motif_refus).
    """

    def formula_2019_01_01(individu, period, parameters):
        """R6323 et L6323-7 C. trav. : le titulaire paie la participation et ce que ni ses droits ni les tiers ne couvrent."""
        prix = np.maximum(en_float64(individu("cpf_prix_formation", period)), 0)
        cofinancement = np.minimum(en_float64(individu("cpf_achat_cofinancement_tiers", period)), prix)
        mobilise = en_float64(individu("cpf_montant_mobilise", period)) + en_float64(
            individu("cec_achat_droits_mobilises", period)
        )
        reste = np.maximum(np.round(prix - cofinancement - mobilise, 6), 0)
        return np.where(individu("cpf_achat_eligible", period), reste, 0)
