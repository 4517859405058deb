"""Permis de conduire valide du titulaire."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_achat_titulaire_permis_valide(Variable):
    value_type = bool
    entity = Individu
    definition_period = DAY
    label = "Le titulaire détient à cette date un permis de conduire français valide"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049551184",)
    documentation = """
    Depuis le 19 mai 2024 les droits ne financent un permis du groupe léger (BE excepté) que sans permis valide.
    """
