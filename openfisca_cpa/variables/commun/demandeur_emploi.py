"""Inscription comme demandeur d'emploi."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class demandeur_emploi(Variable):
    value_type = bool
    entity = Individu
    definition_period = DAY
    label = "Inscrit comme demandeur d'emploi à cette date"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046873599",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053549516",
    )
    documentation = """
    Exonère de la participation forfaitaire (L6323-7) et ouvre le permis du groupe léger sans cofinancement
    (L6323-6 II 4°, depuis le 21 février 2026).
    """
