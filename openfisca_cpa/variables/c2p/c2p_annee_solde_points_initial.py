"""Année du solde connu du C2P."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class c2p_annee_solde_points_initial(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    unit = "year"
    label = "Année d'exposition après laquelle le solde connu du C2P a été relevé (0 : aucun solde connu)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047962405",)
