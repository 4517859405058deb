"""Cofinancement de l'achat par des tiers."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entities import Individu


class cpf_achat_cofinancement_tiers(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "currency-EUR"
    label = "Montant versé pour l'action par des tiers de L6323-4 II 2° à 12° (employeur, OPCO, points C2P, AT/MP, État, région…)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",)
    documentation = "Les euros de formation des points C2P utilisés le même jour (c2p_droits_formation) sont réputés financer cette action."

    def formula_2019_01_01(individu, period, parameters):
        """L6323-4 II C. trav. : abondements et cofinancements liés à l'action."""
        return sum(
            en_float64(individu(nom, period))
            for nom in (
                "cpf_achat_abondement_employeur",
                "cpf_achat_abondement_atmp",
                "cpf_achat_cofinancement_autres_tiers",
                "c2p_droits_formation",
            )
        )
