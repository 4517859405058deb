"""Heures de DIF consommées par les droits utilisés de l'année (2015-2018)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_DIF
from openfisca_cpa.entities import Individu


class cpf_dif_utilise(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures de DIF consommées pendant l'année par les droits utilisés, avant le CPF (2015 à 2018)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535805",)
    documentation = """
    R6323-7 C. trav. (décret n° 2014-1120) : une formation payée avant 2019 consomme d'abord les heures de
    DIF inscrites, puis le CPF ; la part prise sur le DIF ne débite pas cpf_solde_heures. Mouvement du
    déroulé du DIF (commun/cpf.py, CPF_DIF) : cpf_dif_restant = DIF inscrit − cumul de cpf_dif_utilise.
    """

    def formula_2015_01_01(individu, period, parameters):
        """R6323-7 C. trav. (2015-2018) : les droits utilisés consomment d'abord le DIF."""
        return mouvement(individu, CPF_DIF, "cpf_dif_utilise", period.start.year)
