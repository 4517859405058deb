"""Points du C2P disponibles à une date."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.c2p import etat_au_jour
from openfisca_cpa.entities import Individu


class c2p_points_disponibles(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "point"
    label = "Points du C2P disponibles à cette date, après les demandes accordées de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
    documentation = "Solde de fin N-1 (points de l'année d'exposition N-1 compris) moins les points accordés en N jusqu'à ce jour inclus."

    def formula_2015_01_01(individu, period, parameters):
        """R4163-9 et R4163-11 C. trav. : solde du compte rejoué jusqu'à la date."""
        return etat_au_jour(individu, period).solde
