"""Points du C2P utilisés pour un temps partiel."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_points_utilises_temps_partiel(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "point"
    label = "Points du C2P utilisés pour un passage à temps partiel, demande datée de ce jour"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036331818",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962455",
    )
