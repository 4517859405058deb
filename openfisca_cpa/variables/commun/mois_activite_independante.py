"""Mois d'activité indépendante ayant donné lieu à la contribution à la formation professionnelle."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class mois_activite_independante(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "month"
    label = "Mois d'activité indépendante de l'année pour lesquels la contribution à la formation professionnelle a été acquittée"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033010152",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000039216085",
    )
    documentation = """
    Travailleurs indépendants, professions libérales, conjoints collaborateurs, artistes-auteurs, travailleurs
    des plateformes (dont la plateforme prend en charge la contribution). De 0 à 12.
    """
