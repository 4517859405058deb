"""Points du C2P utilisés pour la formation."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class c2p_points_utilises_formation(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "point"
    label = "Points du C2P utilisés pour la formation (ou la reconversion) à cette date"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038024777",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962401",
    )
