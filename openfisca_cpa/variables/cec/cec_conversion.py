"""Conversion en euros des heures du CEC au 1er janvier 2019."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_conversion(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    end = "2018-12-31"
    unit = "currency-EUR"
    label = "Euros inscrits au CEC le 1er janvier 2019 par conversion des heures acquises en 2017 et 2018"
    reference = ("https://www.service-public.fr/particuliers/vosdroits/F34030",)
    documentation = "cec_solde(2018) = cec_conversion(2018) + cec_reprise_solde_connu(2018) ; cec_solde_heures(2018) à 12 € de l'heure."

    def formula_2018_01_01(individu, period, parameters):
        """Décret n° 2018-1349 : heures du CEC converties à 12 € de l'heure au 1er janvier 2019."""
        return valeur(individu, "cec_conversion", period.start.year)
