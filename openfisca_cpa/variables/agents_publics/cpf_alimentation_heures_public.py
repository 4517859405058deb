"""Heures publiques créditées au titre de l'année d'activité (depuis 2017), après plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf_public import mouvement_public
from openfisca_cpa.entities import Individu


class cpf_alimentation_heures_public(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures publiques créditées au titre de l'année d'activité (depuis 2017), après plafond"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )
    documentation = """
    Alimentation au 31 décembre de l'année (l'année d'activité 2019 relève de la règle de 2017 : paramètre cpf.agents_publics.credit_annuel_avant_seuil). Nulle pour une année où le compte n'est pas ouvert ou après la liquidation de la retraite (sauf invalidité).
    """

    def formula_2017_01_01(individu, period, parameters):
        """Loi n° 83-634, art. 22 quater III, puis décret n° 2017-928, art. 3 : 24 h jusqu'à 120 h puis 12 h (2017-2019), 25 h depuis 2020 ; 48 h puis 50 h en catégorie C peu qualifiée ; plafonds de 150 h et 400 h."""
        return mouvement_public(individu, "cpf_alimentation_heures_public", period.start.year)
