"""Part de l'activité salariée de l'année rapportée au temps plein."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64
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
        p = parameters(period).cpf.duree_reference
        heures = en_float64(individu("heures_travaillees", period)) + en_float64(
            individu("heures_absences_assimilees", period)
        )
        reference = en_float64(individu("duree_travail_reference", period))
        reference = np.where(reference > 0, reference, p.defaut)
        part = np.maximum(heures, 0) / reference

        forfait = en_float64(individu("forfait_jours_convention", period))
        if period.start.year >= 2018:
            forfait = np.minimum(forfait, p.forfait_jours_maximum)
        jours = en_float64(individu("jours_travailles_forfait", period))
        part += np.where(
            forfait > 0, np.maximum(jours, 0) / np.where(forfait > 0, forfait, 1), 0
        )

        if p.smic_moyenne_annuelle:
            smic = np.mean(
                [
                    parameters(f"{period.start.year}-{mois:02d}-01").commun.smic_horaire
                    for mois in range(1, 13)
                ]
            )
        else:
            smic = parameters(period.start).commun.smic_horaire
        remuneration = np.maximum(
            en_float64(individu("remuneration_non_horaire", period)), 0
        )
        part += remuneration / (p.nb_smic_horaire * smic)
        return np.minimum(part, 1)
