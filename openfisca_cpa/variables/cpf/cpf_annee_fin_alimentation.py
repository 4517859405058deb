"""Année où le CPF du Code du travail cesse d'être alimenté, calculée une fois par simulation (la même chaque année)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.ouverture import JAMAIS, calculer_annee_fin_code_du_travail
from openfisca_cpa.commun.saisies import deja_calculee
from openfisca_cpa.entities import Individu


class cpf_annee_fin_alimentation(Variable):
    value_type = int
    unit = "year"
    default_value = JAMAIS
    entity = Individu
    definition_period = YEAR
    label = "Année où le CPF du Code du travail cesse d'être alimenté par la retraite (9999 : jamais)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046454647",
    )
    documentation = """
    Liquidation à taux plein ou anticipée (toute liquidation pour une liquidation lue avant 2019), ou âge
    du taux plein automatique de la génération (L5421-4 1° à 3° C. trav.). Ne dépend que de saisies
    permanentes : calculée pour une année, puis reprise du holder pour les autres (la même chaque année).
    """

    def formula(individu, period, parameters):
        """L6323-3 et L5151-2 C. trav. (renvoi à L5421-4 1° à 3°) : première année où la cessation est atteinte."""
        connue = deja_calculee(individu, "cpf_annee_fin_alimentation")  # la même chaque année : calculée une fois
        return calculer_annee_fin_code_du_travail(individu, period) if connue is None else connue
