"""Solde statutaire connu du CPF, en heures."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class cpf_solde_heures_initial(Variable):
    value_type = float
    entity = Individu
    definition_period = ETERNITY
    unit = "hour"
    label = "Solde statutaire connu du CPF en heures (hors DIF), après l'alimentation au titre de l'année cpf_annee_solde_initial (2015 à 2017)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888",)
