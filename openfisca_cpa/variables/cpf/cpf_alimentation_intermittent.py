"""Alimentation conventionnelle du CPF d'un intermittent du spectacle."""

import numpy as np
from openfisca_core.model_api import YEAR, Variable

from openfisca_cpa.commun.arrondis import arrondi_euro_le_plus_proche, en_float64
from openfisca_cpa.commun.enums import CategorieIntermittent
from openfisca_cpa.commun.saisies import nul, saisie
from openfisca_cpa.entities import Individu


class cpf_alimentation_intermittent(Variable):
    value_type = float
    entity = Individu
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Alimentation conventionnelle du CPF d'un intermittent du spectacle pour l'année, avant plafond"
    reference = ("https://ressources-de-la-formation.fr/index.php?id=72730&lvl=notice_display",)
    documentation = """
    Règle d'un accord de branche (source secondaire), désactivable par le paramètre
    cpf.intermittents.regle_conventionnelle : les heures déclarées restent alors traitées par la règle légale.
    """

    def formula_2019_01_01(individu, period, parameters):
        """Accord de branche : 500 € pour 100 jours (techniciens) ou 70 jours ou cachets (artistes), prorata à l'euro le plus proche."""
        p = parameters(period).cpf
        if not p.intermittents.regle_conventionnelle:
            return nul(individu)
        categorie = saisie(individu, "intermittent_spectacle_categorie", period)
        if categorie is None or not (categorie != CategorieIntermittent.non_intermittent).any():
            return nul(individu)
        seuil = np.select(
            [
                categorie == CategorieIntermittent.artiste,
                categorie == CategorieIntermittent.technicien,
            ],
            [p.intermittents.cachets_artistes, p.intermittents.jours_techniciens],
            default=np.inf,
        )
        jours = np.maximum(en_float64(individu("intermittent_spectacle_jours", period)), 0)
        montant = np.where(
            individu("peu_qualifie", period),
            p.euros.peu_qualifie.credit_annuel,
            p.euros.salarie.credit_annuel,
        )
        return arrondi_euro_le_plus_proche(montant * np.minimum(jours / seuil, 1))
