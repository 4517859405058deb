"""Valeur en euros de formation des points du C2P disponibles."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_valeur_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Euros de formation que financeraient tous les points du C2P disponibles à cette date"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038024777",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
    documentation = (
        "Vue « banque de temps » : une valeur possible, exclusive des valeurs en temps partiel et en trimestres."
    )

    def formula_2019_01_01(individu, period, parameters):
        """R4163-11 1° C. trav. : tous les points, réservés compris, au montant par point de la date."""
        p = parameters(period).c2p.utilisation.formation
        return individu("c2p_points_disponibles", period) * p.euros_par_point
