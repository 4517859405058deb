"""Le compteur du Code du travail est alimenté au titre de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.ouverture import alimentation_due, annee_fin_code_du_travail
from openfisca_cpa.entities import Individu


class cpf_alimentation_due(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le CPF du Code du travail peut être alimenté au titre de l'année : compte ouvert et alimentation pas encore arrêtée par la retraite"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038923483",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000051289909",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046454647",
    )
    documentation = """
    L'alimentation cesse quand le titulaire a liquidé sa retraite à taux plein ou au titre d'un départ
    anticipé (retraite_taux_plein), ou atteint l'âge du taux plein automatique (67 ans pour les générations
    nées à partir de 1955). Années d'activité 2015 à 2018 : toute liquidation de l'ensemble des pensions
    (paramètre cpf.cloture.toute_liquidation). L'année de la cessation n'est pas créditée (paramètre
    cpf.cloture.annee_de_cessation_creditee). Un retraité avec décote en cumul emploi-retraite reste crédité.
    """

    def formula_2015_01_01(individu, period, parameters):
        """L6323-3 et L5151-2 C. trav. (renvoi à L5421-4 1° à 3°) : compte ouvert, cessation pas encore atteinte."""
        annee = period.start.year
        systeme = individu.simulation.tax_benefit_system
        return alimentation_due(
            individu("cpf_compte_ouvert", period),
            annee_fin_code_du_travail(individu, annee),
            annee,
            systeme.get_parameters_at_instant,
        )
