"""Heures de DIF restantes au 31 décembre (2015-2018), converties le 1er janvier 2019."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_DIF
from openfisca_cpa.entities import Individu


class cpf_dif_restant(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures de DIF inscrites restant au 31 décembre, après les utilisations de 2015 à l'année (2015 à 2018)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535805",
        "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037814909",
    )
    documentation = """
    Heures de DIF inscrites (cpf_heures_dif) moins celles consommées par les droits utilisés de 2015 à
    l'année (cpf_dif_utilise, R6323-7 C. trav.). Le reste au 31 décembre 2018 est converti à 15 €/h avec
    le solde en heures (décret n° 2018-1153).
    """

    def formula_2015_01_01(individu, period, parameters):
        """R6323-7 C. trav. et décret n° 2018-1153 : DIF inscrit moins les heures consommées depuis 2015."""
        return mouvement(individu, CPF_DIF, "cpf_dif_restant", period.start.year)
