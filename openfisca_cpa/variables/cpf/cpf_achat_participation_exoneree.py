"""Exonération de la participation forfaitaire."""

from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entities import Individu


class cpf_achat_participation_exoneree(Variable):
    value_type = bool
    entity = Individu
    definition_period = DAY
    label = "L'achat est exonéré de la participation forfaitaire (demandeur d'emploi, abondement employeur ou OPCO, points C2P, AT/MP)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046873599",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049488983",
        "https://financeurs.moncompteformation.gouv.fr/actualites/la-participation-financiere-obligatoire-pour-mobiliser-les-droits-cpf",
    )
    documentation = "Les cofinancements d'autres tiers (État, région, France Travail hors demandeur d'emploi, Agefiph…) n'exonèrent pas."

    def formula_2019_01_01(individu, period, parameters):
        """L6323-7 et R6323 C. trav. : exonérations de la participation forfaitaire."""
        return (
            individu("demandeur_emploi", period)
            | (en_float64(individu("cpf_achat_abondement_employeur", period)) > 0)
            | (en_float64(individu("cpf_achat_abondement_atmp", period)) > 0)
            | (en_float64(individu("c2p_droits_formation", period)) > 0)
        )
