"""Droits statutaires du CPF effectivement débités dans l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import compte_de
from openfisca_cpa.entities import Individu


class cpf_debit(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits statutaires du CPF effectivement débités pendant l'année civile, au plus le solde (heures jusqu'en 2018, euros ensuite)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )
    documentation = """
    Mouvement du solde : cpf_solde(N) = cpf_solde(N-1) − cpf_debit(N) + cpf_alimentation(N) + cpf_reprise_solde_connu(N).
    Égal aux droits mobilisés saisis (cpf_droits_mobilises), limités au solde disponible.
    """

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 C. trav. : droits mobilisés dans l'année, débités du solde reporté, dans la limite de ce solde."""
        annee = period.start.year
        return mouvement(individu, compte_de(annee), "cpf_debit", annee)
