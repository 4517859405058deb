"""Heures du compteur public disponibles à une date."""

import numpy as np
from openfisca_core.model_api import DAY, Variable

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.ouverture import date_fin_public, droits_inutilisables_au
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
        "https://www.legifrance.gouv.fr/eli/decret/2019/12/17/2019-1392/jo/texte",
    )
    documentation = """
    Information du plan de financement : ces heures se mobilisent avec l'accord de l'administration, hors de
    l'achat sur la plateforme du CPF ; le plan ne les dépense pas. Les heures déclarées utilisées pendant l'année
    (cpf_heures_public_mobilisees) sont réputées utilisées avant la date. À partir du jour de la liquidation de la
    pension (sauf invalidité ; décret n° 2017-928 modifié par le décret n° 2019-1392, art. 6), les heures ne peuvent
    plus être utilisées : 0 (le solde cpf_solde_heures_public reste gelé). Même date que la fin de l'alimentation
    (commun/ouverture.py, date_fin_public) ; paramètre cpf.cloture.droits_inutilisables.
    """

    def formula_2018_01_01(individu, period, parameters):
        """Décret n° 2017-928 : solde du compteur public de fin N-1, moins les heures utilisées en N."""
        annee = period.start.year
        solde = en_float64(individu("cpf_solde_heures_public", str(annee - 1)))
        utilisees = en_float64(individu("cpf_heures_public_mobilisees", str(annee)))
        disponibles = np.maximum(solde - utilisees, 0)
        # Décret n° 2019-1392, art. 6 : règle applicable au compteur public à partir du 1er janvier 2020.
        if annee < 2020 or not droits_inutilisables_au(parameters, period.start):
            return disponibles
        systeme = individu.simulation.tax_benefit_system
        fin = date_fin_public(individu, systeme.get_parameters_at_instant, period.start)
        return np.where(fin > np.datetime64(str(period.start)), disponibles, 0)
