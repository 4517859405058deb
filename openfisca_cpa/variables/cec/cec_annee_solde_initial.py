"""Année du solde connu du CEC."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class cec_annee_solde_initial(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    unit = "year"
    label = (
        "Année d'activité après l'alimentation de laquelle le solde connu du CEC a été relevé (0 : aucun solde connu)"
    )
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",)
    documentation = """
    Les saisies des années antérieures ou égales sont alors sans effet sur les soldes suivants.
    """
