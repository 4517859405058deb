"""Plafond du CPF applicable à l'alimentation de l'année."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.saisies import saisie, vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_plafond(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Plafond du solde statutaire du CPF applicable à l'alimentation de l'année (heures jusqu'en 2018, euros ensuite)"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000028697888",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000033010132",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038005568",
    )
    documentation = (
        "Le plafond limite l'alimentation, jamais le solde déjà acquis : un solde au-dessus n'est pas réduit."
    )

    def formula_2015_01_01(individu, period, parameters):
        """L6323-11 C. trav. (2015) : 150 heures ; L6323-11-1 (2017-2018) : 400 heures pour le salarié peu qualifié."""
        p = parameters(period).cpf.heures
        if period.start.year < 2017:
            return np.full(individu.count, p.salarie.plafond)
        salarie_actif = en_float64(individu("cpf_part_activite_salariee", period)) > 0
        return np.where(
            individu("peu_qualifie", period) & salarie_actif,
            p.peu_qualifie.plafond,
            p.salarie.plafond,
        )

    def formula_2019_01_01(individu, period, parameters):
        """R6323-1, R6323-3-1, D6323-3-3, R6323-22 et R6323-29 C. trav. : le plafond le plus favorable des statuts de l'année.

        5 000 € ; 8 000 € en ESAT, ou pour un salarié crédité dans l'année peu qualifié ou bénéficiaire de l'OETH.
        """
        p = parameters(period).cpf.euros
        # Plafonds en euros entiers : exacts en float32, le type de la variable (aucune conversion).
        plafond = np.full(individu.count, max(p.salarie.plafond, p.independant.plafond), dtype=np.float32)
        esat = vrai_quelque_part(individu, "travailleur_esat", period)
        peu_qualifie = vrai_quelque_part(individu, "peu_qualifie", period)
        oeth = vrai_quelque_part(individu, "beneficiaire_oeth", period)
        salarie_actif = None
        if peu_qualifie is not None or oeth is not None:
            salarie_actif = individu("cpf_alimentation_salarie", period) > 0
            if saisie(individu, "intermittent_spectacle_categorie", period) is not None:
                salarie_actif |= individu("cpf_alimentation_intermittent", period) > 0
        for statut, plafond_statut in (
            (esat, p.esat.plafond),
            (peu_qualifie, p.peu_qualifie.plafond),
            (oeth, p.oeth.plafond),
        ):
            if statut is None:
                continue  # statut que personne n'a : branche sautée
            if statut is not esat:
                statut = salarie_actif & statut
            indices = np.flatnonzero(statut)  # une minorité : plafond relevé à ses seuls indices
            plafond[indices] = np.maximum(plafond[indices], plafond_statut)
        return plafond
