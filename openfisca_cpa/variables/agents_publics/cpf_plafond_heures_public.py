"""Plafond du compteur public."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.saisies import vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_plafond_heures_public(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = (
        "Plafond du compteur public applicable à l'alimentation de l'année : 150 h, 400 h en catégorie C sans niveau 3"
    )
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )

    def formula_2017_01_01(individu, period, parameters):
        """Loi n° 83-634, art. 22 quater, puis décret n° 2017-928, art. 3 : 150 heures ; 400 heures en catégorie C sans niveau 3."""
        p = parameters(period).cpf.agents_publics
        plafond = np.full(individu.count, p.plafond, dtype=np.float32)  # heures entières : exactes en float32
        categorie_c = vrai_quelque_part(individu, "agent_public_categorie_c", period)
        if categorie_c is not None:
            plafond[categorie_c & individu("peu_qualifie", period)] = p.categorie_c.plafond
        return plafond
