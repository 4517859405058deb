"""Conversion en euros des heures du CPF et du DIF au 1er janvier 2019."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_EUROS
from openfisca_cpa.entities import Individu


class cpf_conversion(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    end = "2018-12-31"
    unit = "currency-EUR"
    label = (
        "Euros inscrits au CPF le 1er janvier 2019 par conversion des heures (CPF au 31 décembre 2018 et DIF inscrit)"
    )
    reference = ("https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000037814909",)
    documentation = """
    Portée sur l'année 2018 du compte en euros : cpf_solde(2018) = cpf_conversion(2018) + cpf_reprise_solde_connu(2018).
    Heures = cpf_solde_heures(2018) + cpf_heures_dif, à 15 € de l'heure.
    """

    def formula_2018_01_01(individu, period, parameters):
        """Décret n° 2018-1153, art. 1er : heures acquises au 31 décembre 2018 et DIF converties à 15 € de l'heure."""
        return mouvement(individu, CPF_EUROS, "cpf_conversion", period.start.year)
