"""Jour où le titulaire du CPF du Code du travail remplit les conditions de cessation, calculé une fois par simulation."""

from datetime import date

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.ouverture import calculer_date_fin_code_du_travail
from openfisca_cpa.commun.saisies import deja_calculee
from openfisca_cpa.entities import Individu


class cpf_date_fin_alimentation(Variable):
    value_type = date
    default_value = date(9999, 12, 31)
    entity = Individu
    definition_period = YEAR
    label = "Jour où le titulaire remplit les conditions de L5421-4 1° à 3° : fin de l'alimentation et de l'usage du CPF (9999-12-31 : jamais)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046454647",
    )
    documentation = """
    Jour de la liquidation à taux plein ou anticipée (toute liquidation pour une liquidation lue avant
    2019), ou jour où l'âge du taux plein automatique de la génération est atteint, le premier des deux.
    Sert à la fin de l'alimentation (cpf_annee_fin_alimentation) et à la fin de l'usage des droits
    (cpf_droits_mobilisables). Ne dépend que de saisies permanentes : calculé pour une année, puis repris
    du holder pour les autres (le même chaque année).
    """

    def formula(individu, period, parameters):
        """L6323-3 et L5151-2 C. trav. (renvoi à L5421-4 1° à 3°), L351-8 1° CSS : jour où la cessation est atteinte."""
        connue = deja_calculee(individu, "cpf_date_fin_alimentation")  # le même chaque année : calculé une fois
        return calculer_date_fin_code_du_travail(individu) if connue is None else connue
