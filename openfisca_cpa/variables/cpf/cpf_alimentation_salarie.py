"""Alimentation du CPF au titre de l'activité salariée, avant plafond."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import arrondi_centime_superieur, sur_partie
from openfisca_cpa.commun.cpf import part_activite_salariee
from openfisca_cpa.commun.saisies import vrai_quelque_part
from openfisca_cpa.entities import Individu


class cpf_alimentation_salarie(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Alimentation du CPF au titre de l'activité salariée de l'année, majoration OETH comprise, avant plafond"
    reference = (
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038013641",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038005568",
        "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000038601907",
    )

    def formula_2019_01_01(individu, period, parameters):
        """R6323-1 et R6323-3-1 C. trav. : 500 € (800 € peu qualifié) dès le mi-temps, sinon prorata de 500 € au centime supérieur.

        D6323-3-3 : +300 € pour un bénéficiaire de l'OETH ayant reçu au moins 1 €, dans un total annuel de 800 €.
        """
        p = parameters(period).cpf.euros
        part = part_activite_salariee(individu, period, parameters)
        # Dès le mi-temps : montant entier ; en dessous, fraction de 500 € au centime supérieur (R6323-1 II).
        mi_temps = part >= p.salarie.seuil_mi_temps
        peu_qualifie = vrai_quelque_part(individu, "peu_qualifie", period)
        if peu_qualifie is None:
            credit = np.full(individu.count, float(p.salarie.credit_annuel))
        else:
            credit = np.where(peu_qualifie, float(p.peu_qualifie.credit_annuel), float(p.salarie.credit_annuel))

        def prorata(part_sous_mi_temps):
            return arrondi_centime_superieur(p.salarie.credit_annuel * part_sous_mi_temps)

        def majore(montant):
            return np.minimum(montant + p.oeth.majoration_annuelle, p.oeth.plafond_annuel_total)

        # Sous le mi-temps, OETH : des minorités, calculées sur ces seules personnes.
        sur_partie(~mi_temps, prorata, part, fond=credit)
        oeth = vrai_quelque_part(individu, "beneficiaire_oeth", period)
        if oeth is not None:
            sur_partie(oeth & (credit >= 0.01), majore, credit, fond=credit)
        return credit
