"""Le compteur public est alimenté au titre de l'année."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.ouverture import alimentation_due, annee_fin_public
from openfisca_cpa.entities import Individu


class cpf_alimentation_public_due(Variable):
    value_type = bool
    entity = Individu
    definition_period = YEAR
    label = "Le compteur public peut être alimenté au titre de l'année : compte ouvert, agent public, pas de retraite liquidée (sauf invalidité)"
    reference = (
        "https://www.legifrance.gouv.fr/eli/decret/2019/12/17/2019-1392/jo/texte",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000046454647",
    )

    def formula_2017_01_01(individu, period, parameters):
        """Décret n° 2017-928 modifié, art. 6 : toute liquidation de la pension, sauf pour invalidité, arrête l'alimentation."""
        annee = period.start.year
        systeme = individu.simulation.tax_benefit_system
        ouvert = individu("cpf_compte_ouvert", period) & individu("agent_public", period)
        return alimentation_due(
            ouvert,
            annee_fin_public(individu, systeme.get_parameters_at_instant, annee),
            annee,
            systeme.get_parameters_at_instant,
        )
