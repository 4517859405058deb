"""Durée d'exposition de l'année au titre du C2P."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class c2p_mois_exposition(Variable):
    value_type = float
    default_value = 12
    entity = Individu
    definition_period = YEAR
    unit = "month"
    label = "Mois de l'année sous des contrats d'au moins un mois dans le poste exposé"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331772",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",
    )
    documentation = """
    Chaque période complète de trois mois ouvre des points ; les mois restants ne donnent rien (R4163-9 II).
    """
