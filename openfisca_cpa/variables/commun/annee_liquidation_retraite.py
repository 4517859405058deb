"""Année civile de la liquidation de la retraite, calculée une fois par simulation (la même chaque année)."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.ouverture import JAMAIS, annee_de
from openfisca_cpa.commun.saisies import deja_calculee
from openfisca_cpa.entities import Individu


class annee_liquidation_retraite(Variable):
    value_type = int
    unit = "year"
    default_value = JAMAIS
    entity = Individu
    definition_period = YEAR
    label = "Année civile de la liquidation de la retraite (tirée de date_liquidation_retraite ; 9999 : jamais)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",
    )
    documentation = """
    Tirée de date_liquidation_retraite une seule fois et gardée par le holder : la fin de l'alimentation du
    compteur public, lue chaque année, s'en déduit sans reconvertir les dates chaque année.
    """

    def formula(individu, period, parameters):
        """L5421-4 C. trav. et art. 6 du décret n° 2017-928 : année de la liquidation, qui arrête l'alimentation."""
        connue = deja_calculee(individu, "annee_liquidation_retraite")  # la même chaque année : calculée une fois
        return annee_de(individu("date_liquidation_retraite", period)) if connue is None else connue
