"""Année d'activité du solde connu du CPF."""

from openfisca_core.model_api import ETERNITY, Variable

from openfisca_cpa.entities import Individu


class cpf_annee_solde_initial(Variable):
    value_type = int
    entity = Individu
    definition_period = ETERNITY
    unit = "year"
    label = (
        "Année d'activité après l'alimentation de laquelle le solde connu du CPF a été relevé (0 : aucun solde connu)"
    )
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",)
    documentation = """
    De 2015 à 2017 le solde connu est lu dans cpf_solde_heures_initial, à partir de 2018 dans cpf_solde_initial.
    Les entrées des années antérieures ou égales sont alors sans effet sur les soldes suivants (écart : cpf_reprise_solde_connu).
    """
