"""Bénévolat associatif au titre du CEC."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cec_benevolat_heures(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures de bénévolat associatif éligible au CEC pendant l'année, toutes associations confondues"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000044637352",
    )
    documentation = """
    Membre de l'organe d'administration ou encadrant d'autres bénévoles, dans une association déclarée depuis
    au moins 3 ans (1 an depuis le 17 avril 2024) dont l'activité relève du b du 1 de l'article 200 du CGI (L5151-9 6°).
    """
