"""Plan de financement des achats d'une année : droits disponibles à chaque date, achats pris dans l'ordre des dates.

Un achat daté du jour d de l'année N lit les soldes de fin N-1 (cpf_solde, cpf_solde_abondements, cec_solde :
l'alimentation au titre de l'année d'activité N-1 est réputée inscrite au 1er janvier N, convention du contrat
public), moins les droits déclarés dépensés en N hors des achats de la demande (cpf_droits_mobilises,
cpf_abondements_mobilises, cec_droits_mobilises, réputés dépensés avant eux), moins ce qu'ont utilisé les achats
de N datés avant d. Les soldes de l'année N sont ensuite débités de ce que les achats de N ont utilisé
(variables annuelles cpf_achats_*, cec_achats_droits_mobilises, ajoutées aux droits déclarés).

Piège du moteur : le solde de N appelle les achats de N, qui lisent le solde de N-1. Le déroulé des comptes
(commun/compte.py) range chaque fin d'année dans les holders d'OpenFisca avant de calculer l'année suivante,
dont le pas lit les achats par `Compte.debits_supplementaires` : un solde déjà en cache est rendu par
`Simulation._calculate` avant le contrôle des cycles. Les achats d'une
année sont calculés ici une seule fois, dans l'ordre des dates connues de `cpf_prix_formation`, et chaque
ligne est rangée dans son holder ; aucune variable d'achat n'appelle la même variable à une autre date.
"""

import numpy as np
from openfisca_core import periods
from openfisca_core.periods import DateUnit

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.cpf_achat import repartition

#: Premier jour où un achat lit les droits en euros (passage en euros le 1er janvier 2019).
PREMIERE_ANNEE_ACHATS = 2019

#: (variable DAY du disponible, variable YEAR du solde de fin d'année, variable YEAR des droits déclarés dépensés,
#: variable DAY de ce que l'achat utilise, variable YEAR du total des achats de l'année)
COMPTEURS = (
    (
        "cpf_solde_disponible",
        "cpf_solde",
        "cpf_droits_mobilises",
        "cpf_achat_droits_statutaires_mobilises",
        "cpf_achats_droits_mobilises",
    ),
    (
        "cpf_achat_credits_tiers_disponibles",
        "cpf_solde_abondements",
        "cpf_abondements_mobilises",
        "cpf_achat_credits_tiers_mobilises",
        "cpf_achats_abondements_mobilises",
    ),
    (
        "cec_solde_disponible",
        "cec_solde",
        "cec_droits_mobilises",
        "cec_achat_droits_mobilises",
        "cec_achats_droits_mobilises",
    ),
)


def dates_achats(individu, annee):
    """Jours de l'année `annee` où un prix d'achat est saisi, dans l'ordre chronologique."""
    jours = {
        periode
        for periode in individu.get_holder("cpf_prix_formation").get_known_periods()
        if periode.unit == DateUnit.DAY and periode.start.year == annee
    }
    return sorted(jours, key=lambda p: p.start)


def _centimes(valeurs):
    return np.round(en_float64(valeurs), 2)


def debut_annee(individu, annee):
    """Droits disponibles au 1er janvier `annee`, par compteur : solde de fin N-1 moins les droits déclarés de N."""
    debut = {}
    for disponible, solde, declares, _, _ in COMPTEURS:
        reste = _centimes(individu(solde, str(annee - 1))) - _centimes(individu(declares, str(annee)))
        debut[disponible] = np.maximum(reste, 0)
    return debut


def derouler(individu, annee):
    """Calcule une fois les achats de l'année `annee`, dans l'ordre des dates, et range ce que chacun utilise.

    Les droits utilisés sont calculés ici (cpf_achat.repartition) puis rangés dans les holders : les
    variables qui les exposent ne font que les relire, si bien qu'aucune n'est calculée deux fois ni appelée
    pour une autre date pendant son propre calcul.
    """
    totaux = [individu.get_holder(total) for *_, total in COMPTEURS]
    periode_annee = periods.period(str(annee))
    if all(holder.get_array(periode_annee) is not None for holder in totaux):
        return
    jours = dates_achats(individu, annee) if annee >= PREMIERE_ANNEE_ACHATS else []
    if not jours:  # aucun achat daté dans l'année : totaux nuls, rangés sans conversion
        for holder in totaux:
            if holder.get_array(periode_annee) is None:
                holder.put_in_cache(np.zeros(individu.count, dtype=holder.variable.dtype), periode_annee)
        return
    sommes = [np.zeros(individu.count) for _ in COMPTEURS]
    parametres = individu.simulation.tax_benefit_system.get_parameters_at_instant
    courant = debut_annee(individu, annee)
    for jour in jours:
        for disponible, *_ in COMPTEURS:
            holder = individu.get_holder(disponible)
            saisi = holder.get_array(jour)
            if saisi is not None:
                # Un disponible saisi (relevé du compte officiel) remplace le calcul à partir de cette date.
                courant[disponible] = np.maximum(_centimes(saisi), 0)
            else:
                holder.put_in_cache(courant[disponible].astype(holder.variable.dtype), jour)
        utilises = repartition(individu, jour, parametres, *(courant[c[0]] for c in COMPTEURS))
        for (disponible, _, _, utilise, _), somme, montant in zip(COMPTEURS, sommes, utilises, strict=True):
            holder = individu.get_holder(utilise)
            if holder.get_array(jour) is None:
                holder.put_in_cache(montant.astype(holder.variable.dtype), jour)
            montant = _centimes(holder.get_array(jour))
            somme += montant
            courant[disponible] = np.maximum(np.round(courant[disponible] - montant, 2), 0)
    for holder, somme in zip(totaux, sommes, strict=True):
        if holder.get_array(periode_annee) is None:
            holder.put_in_cache(somme.astype(holder.variable.dtype), periode_annee)


def utilise_au(individu, variable, jour):
    """Ce que l'achat du jour `jour` utilise du compteur (`variable` : variable DAY de l'utilisation) ; 0 sans achat."""
    derouler(individu, jour.start.year)
    valeur = individu.get_holder(variable).get_array(jour)
    return np.zeros(individu.count) if valeur is None else valeur


def disponible_au(individu, variable, jour):
    """Droits du compteur `variable` disponibles au jour `jour`, avant l'achat de ce jour s'il y en a un."""
    annee = jour.start.year
    derouler(individu, annee)
    holder = individu.get_holder(variable)
    valeur = holder.get_array(jour)
    if valeur is not None:
        return valeur
    # Jour sans achat : disponible au 1er janvier moins les achats des jours précédents.
    (compteur,) = [c for c in COMPTEURS if c[0] == variable]
    courant = debut_annee(individu, annee)[variable]
    for jour_achat in dates_achats(individu, annee):
        if jour_achat.start >= jour.start:
            break
        saisi = holder.get_array(jour_achat)
        courant = np.maximum(_centimes(saisi), 0)
        courant = np.maximum(np.round(courant - _centimes(individu(compteur[3], jour_achat)), 2), 0)
    return courant


def total_annee(individu, variable, annee):
    """Total utilisé par les achats de l'année pour le compteur dont `variable` est la variable YEAR du total."""
    derouler(individu, annee.start.year)
    return individu.get_holder(variable).get_array(annee)
