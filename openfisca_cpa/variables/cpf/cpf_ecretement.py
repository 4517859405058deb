"""Part de l'alimentation du CPF écrêtée par le plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.compte import mouvement
from openfisca_cpa.commun.cpf import compte_de
from openfisca_cpa.entities import Individu


class cpf_ecretement(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Part de l'alimentation statutaire du CPF de l'année perdue par le plafond du solde (heures jusqu'en 2018, euros ensuite)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )
    documentation = """
    cpf_ecretement = cpf_alimentation_avant_plafond − cpf_alimentation. Le plafond limite l'alimentation, jamais le
    solde déjà acquis. Nul les années remplacées par un solde connu (cpf_annee_solde_initial).
    """

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 et R6323-1 C. trav. : alimentation au-delà du plafond (150 h puis 5 000 €, ou plafond majoré) non créditée."""
        annee = period.start.year
        return mouvement(individu, compte_de(annee), "cpf_ecretement", annee)
