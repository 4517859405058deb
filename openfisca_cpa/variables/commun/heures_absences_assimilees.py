"""Heures d'absence assimilées à du temps de travail pour le CPF."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class heures_absences_assimilees(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures d'absence comptées comme temps de travail pour le CPF (maternité, paternité, adoption, congé parental, AT/MP…)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697886",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053279322",
    )
    documentation = """
    Art. L6323-12 C. trav. : congés de maternité, de paternité et d'accueil de l'enfant, d'adoption, de
    présence parentale, de proche aidant, congé parental d'éducation, maladie professionnelle ou accident du
    travail ; congé supplémentaire de naissance depuis le 31 décembre 2025. La maladie ordinaire n'y est pas.
    """
