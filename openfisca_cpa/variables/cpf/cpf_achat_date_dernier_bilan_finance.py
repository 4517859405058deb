"""Dernier bilan de compétences financé par un financeur public ou paritaire."""

from datetime import date

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.entities import Individu


class cpf_achat_date_dernier_bilan_finance(Variable):
    value_type = date
    default_value = date(1900, 1, 1)
    entity = Individu
    definition_period = DAY
    label = "Date du dernier bilan de compétences financé par un financeur de L6316-1 (OPCO, Transitions Pro, État, région, Caisse des dépôts, France Travail, Agefiph) ou un FAF"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000053572443",)
    documentation = """
    1900-01-01 : aucun. Depuis le 26 février 2026, un tel bilan dans les cinq ans avant la demande exclut les droits statutaires.
    """
