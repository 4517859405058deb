"""Les droits du CPF (hors CEC) peuvent encore être mobilisés à cette date."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.ouverture import date_fin_code_du_travail, droits_inutilisables_au
from openfisca_cpa.entities import Individu


class cpf_droits_mobilisables(Variable):
    value_type = bool
    default_value = True
    entity = Individu
    definition_period = DAY
    label = "Les droits statutaires et les crédits de tiers du CPF peuvent être mobilisés à cette date (faux à partir de la cessation pour retraite)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",
    )
    documentation = """
    L6323-3 al. 3 C. trav. (depuis le 8 août 2019) : les droits inscrits ne peuvent plus être mobilisés quand le
    titulaire remplit l'une des conditions de L5421-4 1° à 3° (retraite à taux plein ou anticipée, âge du taux
    plein automatique ; toute liquidation pour une liquidation antérieure à 2019). Même date que la fin de
    l'alimentation (commun/ouverture.py, date_fin_code_du_travail), jour de la liquidation compris. Le CEC reste
    mobilisable (L6323-3 al. 4). Un retraité avec décote en cumul emploi-retraite garde l'usage de ses droits.
    Paramètre cpf.cloture.droits_inutilisables.
    """

    def formula_2019_01_01(individu, period, parameters):
        """L6323-3 al. 3 C. trav. : vrai avant le jour où les conditions de L5421-4 1° à 3° sont remplies."""
        if not droits_inutilisables_au(parameters, period.start):
            return np.ones(individu.count, dtype=bool)
        jour = np.datetime64(str(period.start))
        return date_fin_code_du_travail(individu) > jour
