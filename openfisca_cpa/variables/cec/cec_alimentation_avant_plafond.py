"""Droits du CEC acquis au titre de l'année, avant plafond."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cec import credit_des_activites
from openfisca_cpa.entities import Individu


class cec_alimentation_avant_plafond(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Droits du CEC acquis au titre de l'année d'activité, avant plafond (heures jusqu'en 2018, euros à partir de 2019)"
    reference = (
        "https://travail-emploi.gouv.fr/formation-professionnelle/cpa/article/le-compte-engagement-citoyen-fiche-pratique",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048862618",
    )

    def formula_2017_01_01(individu, period, parameters):
        """L5151-10 C. trav. (2017) : 20 heures par activité et par année."""
        p = parameters(f"{period.start.year}-12-31").cec.heures
        # L5151-2 C. trav. : rien pour une année où le compte n'est pas ouvert ; la retraite n'arrête pas le CEC (L6323-3 al. 4).
        return credit_des_activites(individu, period, p.credit_par_activite)

    def formula_2019_01_01(individu, period, parameters):
        """D5151-14 I C. trav. : 240 € par activité et par année."""
        p = parameters(f"{period.start.year}-12-31").cec.euros
        # L5151-2 C. trav. : rien pour une année où le compte n'est pas ouvert ; la retraite n'arrête pas le CEC (L6323-3 al. 4).
        return credit_des_activites(individu, period, p.credit_par_activite)
