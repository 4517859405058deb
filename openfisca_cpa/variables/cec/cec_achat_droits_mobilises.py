"""Droits du CEC utilisés pour un achat."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.plan import utilise_au
from openfisca_cpa.entities import Individu


class cec_achat_droits_mobilises(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Euros du CEC utilisés pour l'achat daté de ce jour, après les droits du CPF"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000052989055",
    )
    documentation = """
    Lecture retenue : les droits du CEC, inscrits sur le CPF, complètent les droits statutaires et les crédits de
    tiers du compte (aucun texte lu ne fixe leur rang dans R6333-3) ; ils ne sont pas visés par les plafonds par
    action (D6323-1 A). La participation forfaitaire reste due par le titulaire.
    """

    def formula_2019_01_01(individu, period, parameters):
        """R6333-3 et D5151-14 C. trav. : droits du CEC pour ce que les droits du CPF ne couvrent pas."""
        return utilise_au(individu, "cec_achat_droits_mobilises", period)
