"""Part de l'activité salariée de l'année rapportée au temps plein."""

from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.cpf import part_activite_salariee
from openfisca_cpa.entities import Individu


class cpf_part_activite_salariee(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "/1"
    label = "Part de l'activité salariée de l'année rapportée à la durée de référence à temps plein (entre 0 et 1)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000029535651",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
    )

    def formula_2015_01_01(individu, period, parameters):
        """R6323-1 C. trav. : heures (absences assimilées comprises) / durée de référence, jours / forfait, rémunération / 2 080 SMIC.

        Les trois modes, de plusieurs employeurs, s'additionnent ; le total est borné à 1.
        """
        return part_activite_salariee(individu, period, parameters)
