"""Part d'une année publique complète créditée."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class agent_public_quotite(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    default_value = 1
    unit = "/1"
    label = "Part d'une année complète de service public créditée : part de l'année passée comme agent public × quotité d'un emploi à temps non complet (le temps partiel compte pour 1)"
    reference = ("https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",)
    documentation = """
    Entre 0 et 1. Décret n° 2017-928, art. 3 : prorata du temps travaillé pour les emplois à temps
    incomplet ou non complet ; le temps partiel est assimilé au temps complet ; les congés statutaires et
    le congé parental comptent comme du service. Lue seulement si agent_public est vrai.
    """
