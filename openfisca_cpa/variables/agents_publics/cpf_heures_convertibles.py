"""Heures que donnerait la conversion du solde en euros."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import en_float64, en_float64_centimes, non_nul
from openfisca_cpa.entities import Individu


class cpf_heures_convertibles(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "hour"
    label = "Heures qu'un agent public obtiendrait au 31 décembre en convertissant cpf_solde, dans la limite du plafond du compteur public"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
        "https://www.legifrance.gouv.fr/eli/decret/2019/12/17/2019-1392/jo/texte",
    )
    documentation = """
    Depuis le 1er janvier 2020 : une heure pour 15 euros, arrondie à l'heure la plus proche (paramètre
    cpf.agents_publics.conversion.arrondi_heures_au_plus_proche), sans porter le compteur public au-delà
    de son plafond (150 h, ou 400 h en catégorie C peu qualifiée). Le sens de la conversion dépend du
    statut au moment de la demande (activité principale publique : euros vers heures) ; ce montant est
    calculé pour tous, à titre indicatif.
    """

    def formula_2020_01_01(individu, period, parameters):
        """Décret n° 2017-928, art. 3, modifié par le décret n° 2019-1392 : euros convertis en heures, dans la limite du plafond public."""
        p = parameters(period).cpf.agents_publics
        heures = en_float64_centimes(individu("cpf_solde", period))  # tableau neuf : calculs en place
        heures /= p.conversion.euros_par_heure
        np.round(heures, 6, out=heures)
        if p.conversion.arrondi_heures_au_plus_proche:
            heures += 0.5
        np.floor(heures, out=heures)
        place = individu("cpf_plafond_heures_public", period)  # heures entières : exactes en float32
        solde_public = individu("cpf_solde_heures_public", period)
        if non_nul(solde_public):  # sans heures publiques, la place est le plafond
            place = np.maximum(place - en_float64(solde_public), 0)
        return np.minimum(heures, place, out=heures)
