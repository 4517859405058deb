"""Déclaration de l'absence de qualification de niveau 3."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class peu_qualifie(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le salarié a déclaré ne détenir aucun diplôme, titre ou certification de branche de niveau 3 (ex-niveau V) pour l'année"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033010132",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038005568",
    )
    documentation = """
    R6323-3-1 II à V C. trav. : la majoration s'applique à partir de l'alimentation de l'année de la
    déclaration et cesse l'année civile qui suit la perte de la condition. Saisir vrai pour chaque année visée.
    """
