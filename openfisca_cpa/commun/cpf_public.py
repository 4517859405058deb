"""Compteur public du CPF en heures (agents publics, depuis 2017) : une année = un pas, des mouvements.

Le solde de l'année N est la somme de ses mouvements : solde de N-1, moins le débit des heures
utilisées pendant N, plus le crédit de l'année d'activité N dans la limite du plafond. Le déroulé
générique (commun/compte.py) range mouvements et solde dans les holders d'OpenFisca, où `calculate`,
`/trace` et le relevé les relisent ; un solde saisi pour une année (relevé officiel) sert de départ.
"""

import numpy as np
from openfisca_core import periods

from openfisca_cpa.commun.arrondis import arrondi_heure_superieure, en_float64, non_nul
from openfisca_cpa.commun.compte import Compte, mouvement, pas_annuel
from openfisca_cpa.commun.cpf import credit_heures_palier
from openfisca_cpa.commun.saisies import saisie, saisie_float64

#: Première année d'activité créditée (ordonnance n° 2017-53, décret n° 2017-928).
PREMIERE_ANNEE_PUBLIC = 2017

#: Variables écrites par chaque pas, dans l'ordre du relevé.
MOUVEMENTS_PUBLIC = (
    "cpf_public_debit",
    "cpf_public_credit_avant_plafond",
    "cpf_alimentation_heures_public",
    "cpf_public_ecretement",
    "cpf_public_reprise_solde_connu",
)
SOLDE_PUBLIC = "cpf_solde_heures_public"


def _parametre_present(noeud, nom):
    """Le paramètre `nom` a une valeur à cet instant (un seuil supprimé vaut null)."""
    try:
        return getattr(noeud, nom) is not None
    except Exception:  # openfisca-core lève ParameterNotFound pour une valeur null
        return False


def credit_public(individu, annee, apres_debit):
    """Crédit de l'année d'activité `annee`, avant plafond, et plafond applicable (float64)."""
    systeme = individu.simulation.tax_benefit_system
    p = systeme.get_parameters_at_instant(f"{annee}-01-01").cpf.agents_publics
    due = individu("cpf_alimentation_public_due", str(annee))
    part = np.clip(en_float64(individu("agent_public_quotite", str(annee))), 0, 1) * due
    if _parametre_present(p, "seuil_intermediaire"):
        # 2017-2019 : 24 h jusqu'à 120 h, puis 12 h (même partage au seuil que le Code du travail).
        credit = credit_heures_palier(apres_debit, part, p)
    else:
        credit = arrondi_heure_superieure(p.credit_annuel_avant_seuil * part)
    majore = individu("agent_public_categorie_c", str(annee)) & individu("peu_qualifie", str(annee))
    credit = np.where(majore, arrondi_heure_superieure(p.categorie_c.credit_annuel * part), credit)
    return credit, en_float64(individu("cpf_plafond_heures_public", str(annee)))


def pas_public(individu, annee, solde):
    """Une année du compteur public : débit des heures utilisées, crédit de l'année, plafond (150 h ou 400 h)."""
    mobilise = saisie_float64(individu, "cpf_heures_public_mobilisees", str(annee))
    # Solde connu saisi pour l'année (relevé officiel) : l'écart avec le solde rejoué est une reprise.
    saisi = individu.get_holder(SOLDE_PUBLIC).get_array(periods.period(str(annee)))
    agents = saisie(individu, "agent_public", str(annee))
    if agents is None and mobilise is None and saisi is None and not non_nul(solde):
        # Personne n'a de compteur public : aucun mouvement, solde nul.
        zeros = np.zeros(individu.count)
        return dict.fromkeys((*MOUVEMENTS_PUBLIC, SOLDE_PUBLIC), zeros)
    if agents is None:
        # Personne n'est agent public (entrée jamais saisie) : aucun crédit, seul un débit éventuel.
        m = pas_annuel(solde, mobilise, np.zeros(1), None)
        alimentation = m.alimentation
    else:
        # Le crédit à palier (2017-2019) dépend du solde après débit : on le calcule dans le pas générique.
        plafonds = {}

        def credit(apres_debit):
            valeur, plafonds["plafond"] = credit_public(individu, annee, apres_debit)
            return valeur

        m = pas_annuel(solde, mobilise, credit, None)
        # Plafond appliqué ensuite (il dépend du statut de l'année, connu avec le crédit).
        alimentation = np.minimum(m.credit_avant_plafond, np.maximum(plafonds["plafond"] - (solde - m.debit), 0))
    solde_calcule = solde - m.debit + alimentation
    reprise = np.zeros(1) if saisi is None else en_float64(saisi) - solde_calcule
    return {
        "cpf_public_reprise_solde_connu": reprise,
        "cpf_public_debit": m.debit,
        "cpf_public_credit_avant_plafond": m.credit_avant_plafond,
        "cpf_public_ecretement": m.credit_avant_plafond - alimentation,
        "cpf_alimentation_heures_public": alimentation,
        SOLDE_PUBLIC: solde_calcule,
    }


#: Compteur public en heures, années d'activité à partir de 2017 (commun/compte.py).
CPF_PUBLIC = Compte(solde=SOLDE_PUBLIC, premiere_annee=PREMIERE_ANNEE_PUBLIC, pas=pas_public, decimales=4)


def mouvement_public(individu, nom, annee):
    """Mouvement ou solde `nom` du compteur public pour `annee`, rangé dans les holders par le déroulé."""
    return mouvement(individu, CPF_PUBLIC, nom, annee)
