"""Solde des abondements et dotations hors plafond du CPF."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import CPF_ABONDEMENTS
from openfisca_cpa.entities import Individu


class cpf_solde_abondements(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Solde des abondements et dotations hors plafond du CPF (correctif, APC, AT/MP) au 31 décembre, en euros"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037385300",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000049423585",
    )
    documentation = "Compteur distinct du solde statutaire : ces sommes ne comptent ni dans l'alimentation annuelle ni dans le plafond."

    def formula_2018_01_01(individu, period, parameters):
        """L2254-2 VI, L6323-4 II, L6323-11 al. 4 et R6323-2 C. trav. : abondements reçus moins abondements dépensés, sans plafond ; heures de 2018 converties à 15 €/h."""
        return mouvement(individu, CPF_ABONDEMENTS, "cpf_solde_abondements", period.start.year)
