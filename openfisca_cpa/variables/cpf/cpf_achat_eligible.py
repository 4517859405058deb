"""Éligibilité de l'achat au CPF."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.cpf_achat import MOTIFS_INELIGIBILITE, est
from openfisca_cpa.entities import Individu


class cpf_achat_eligible(Variable):
    value_type = bool
    entity = Individu
    definition_period = DAY
    label = "Un achat est demandé à cette date et les droits du CPF peuvent le financer"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053549516",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053572418",
    )

    def formula_2019_01_01(individu, period, parameters):
        """L6323-6 et D6323-8 C. trav. : action éligible au CPF à la date de l'achat."""
        achat = en_float64(individu("cpf_prix_formation", period)) > 0
        motif = individu("cpf_achat_motif_refus", period)
        return achat & np.logical_not(est(motif, *MOTIFS_INELIGIBILITE))
