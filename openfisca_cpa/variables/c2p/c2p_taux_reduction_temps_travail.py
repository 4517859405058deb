"""Réduction du temps de travail demandée avec le C2P."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_taux_reduction_temps_travail(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "/1"
    label = "Part du temps de travail à temps plein abandonnée (0,5 pour passer à mi-temps), demande datée de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036407781",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",
    )
    documentation = """
    Exprimée en part de la durée de l'établissement. Le coefficient de réduction de D4163-26 la rapporte à la
    quotité antérieure (c2p_quotite_travail_anterieure) : un salarié à 80 % qui passe à 40 % saisit 0,4.
    """
