"""Droits CPF disponibles, tous compteurs du CPF."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entities import Individu


class cpf_droits_disponibles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits disponibles sur le CPF au 31 décembre, en euros : solde statutaire et abondements hors plafond (hors CEC)"
    reference = ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",)

    def formula_2018_01_01(individu, period, parameters):
        """L6323-4 C. trav. : droits statutaires et droits complémentaires inscrits au compte."""
        return en_float64(individu("cpf_solde", period)) + en_float64(individu("cpf_solde_abondements", period))
