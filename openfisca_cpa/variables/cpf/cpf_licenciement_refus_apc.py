"""Licenciement après refus d'un accord de performance collective."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.entities import Individu


class cpf_licenciement_refus_apc(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le salarié a été licencié dans l'année après avoir refusé la modification de son contrat issue d'un accord de performance collective"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385300",)
