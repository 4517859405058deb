"""Compteur public du CPF en heures (agents publics, depuis 2017) : une année = un pas, des mouvements.

Le solde de l'année N est la somme de ses mouvements : solde de N-1, moins le débit des heures
utilisées pendant N, plus le crédit de l'année d'activité N dans la limite du plafond. Chaque pas
écrit ses mouvements et son solde dans les holders d'OpenFisca (`put_in_cache`), où `calculate`,
`/trace` et le relevé les relisent ; le pas suivant repart du dernier solde connu. Aucun solde
n'appelle sa propre variable pour l'année précédente.
"""

import numpy as np
from openfisca_core import periods

from openfisca_cpa.commun.arrondis import arrondi_heure_superieure, en_float64
from openfisca_cpa.commun.cpf import credit_heures_palier

#: Première année d'activité créditée (ordonnance n° 2017-53, décret n° 2017-928).
PREMIERE_ANNEE_PUBLIC = 2017

#: Variables écrites par chaque pas, dans l'ordre du relevé.
MOUVEMENTS_PUBLIC = (
    "cpf_public_debit",
    "cpf_public_credit_avant_plafond",
    "cpf_alimentation_heures_public",
    "cpf_public_ecretement",
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
    plafond = np.where(majore, p.categorie_c.plafond, p.plafond).astype(np.float64)
    return credit, plafond


def pas_public(individu, annee, solde):
    """Une année du compteur public : {mouvement: tableau}, et le solde de fin d'année."""
    mobilise = np.maximum(en_float64(individu("cpf_heures_public_mobilisees", str(annee))), 0)
    debit = np.minimum(mobilise, solde)
    apres_debit = solde - debit
    credit, plafond = credit_public(individu, annee, apres_debit)
    credite = np.minimum(credit, np.maximum(plafond - apres_debit, 0))
    mouvements = {
        "cpf_public_debit": debit,
        "cpf_public_credit_avant_plafond": credit,
        "cpf_alimentation_heures_public": credite,
        "cpf_public_ecretement": credit - credite,
    }
    return mouvements, apres_debit + credite


def _en_cache(individu, variable, annee):
    return individu.get_holder(variable).get_array(periods.period(str(annee)))


def derouler_public(individu, annee_fin):
    """Déroule le compteur public jusqu'à `annee_fin` en repartant du dernier solde déjà dans les holders."""
    debut, solde = PREMIERE_ANNEE_PUBLIC, np.zeros(individu.count)
    for annee in range(annee_fin - 1, PREMIERE_ANNEE_PUBLIC - 1, -1):
        connu = _en_cache(individu, SOLDE_PUBLIC, annee)
        if connu is not None:
            debut, solde = annee + 1, en_float64(connu)
            break
    for annee in range(debut, annee_fin + 1):
        mouvements, solde = pas_public(individu, annee, solde)
        periode = periods.period(str(annee))
        for variable, valeurs in mouvements.items():
            holder = individu.get_holder(variable)
            if holder.get_array(periode) is None:
                holder.put_in_cache(valeurs.astype(np.float32), periode)
        if annee < annee_fin:
            individu.get_holder(SOLDE_PUBLIC).put_in_cache(solde.astype(np.float32), periode)
    return mouvements, solde
