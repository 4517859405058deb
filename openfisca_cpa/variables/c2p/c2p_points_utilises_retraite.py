"""Points du C2P utilisés pour la retraite."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_points_utilises_retraite(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "point"
    label = "Points du C2P utilisés pour des trimestres de majoration de durée d'assurance vieillesse, demande datée de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047452226",
    )
