"""Solde du compteur public en heures."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf_public import mouvement_public
from openfisca_cpa.entities import Individu


class cpf_solde_heures_public(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Solde du compteur public en heures au 31 décembre, après les heures utilisées et l'alimentation au titre de l'année"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )
    documentation = """
    Somme des mouvements : solde de l'année précédente - cpf_public_debit + cpf_alimentation_heures_public.
    Distinct du compteur du Code du travail (cpf_solde, en euros) : les heures publiques n'ont pas été
    converties au 1er janvier 2019. Gelé, pas remis à zéro, après la retraite. Un solde saisi pour une
    année (relevé officiel) sert de point de départ aux années suivantes.
    """

    def formula_2017_01_01(individu, period, parameters):
        """Décret n° 2017-928, art. 3 : solde reporté, moins les heures utilisées, plus le crédit dans la limite du plafond."""
        return mouvement_public(individu, "cpf_solde_heures_public", period.start.year)
