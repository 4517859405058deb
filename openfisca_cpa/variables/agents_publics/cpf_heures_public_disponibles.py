"""Heures du compteur public disponibles à une date."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.entities import Individu


class cpf_heures_public_disponibles(Variable):
    value_type = float
    entity = Individu
    definition_period = DAY
    unit = "hour"
    label = "Heures du compteur des agents publics disponibles à cette date (solde de fin N-1 moins les heures déclarées utilisées en N)"
    reference = (
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000033896091",
        "https://www.legifrance.gouv.fr/loda/article_lc/LEGIARTI000039644931",
    )
    documentation = """
    Information du plan de financement : ces heures se mobilisent avec l'accord de l'administration, hors de
    l'achat sur la plateforme du CPF ; le plan ne les dépense pas. Les heures déclarées utilisées pendant l'année
    (cpf_heures_public_mobilisees) sont réputées utilisées avant la date.
    """

    def formula_2018_01_01(individu, period, parameters):
        """Décret n° 2017-928 : solde du compteur public de fin N-1, moins les heures utilisées en N."""
        annee = period.start.year
        solde = en_float64(individu("cpf_solde_heures_public", str(annee - 1)))
        utilisees = en_float64(individu("cpf_heures_public_mobilisees", str(annee)))
        return np.maximum(solde - utilisees, 0)
