"""Solde du CEC en euros."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import valeur
from openfisca_cpa.entities import Individu


class cec_solde(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Solde du CEC en euros au 31 décembre, après les droits utilisés et l'alimentation au titre de l'année"
    reference = (
        "https://www.service-public.fr/particuliers/vosdroits/F34030",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
    )
    documentation = """
    2018 : heures du CEC (activités 2017 et 2018) converties à 12 €/h au 1er janvier 2019 (décret n° 2018-1349).
    Ensuite : solde reporté, moins les droits utilisés dans l'année, plus 240 € par activité, dans la limite de
    720 € (D5151-14 III, lu comme plafond du solde). Compteur distinct du CPF.
    """

    def formula_2018_01_01(individu, period, parameters):
        """Décret n° 2018-1349 et D5151-14 C. trav. : heures converties, puis solde débité et alimenté dans la limite de 720 €."""
        return valeur(individu, "cec_solde", period.start.year)
