"""Soldes du compte personnel de formation : boucle explicite sur les années, vectorisée sur les personnes.

Aucun solde n'appelle son propre solde de l'année précédente : openfisca-core couperait la récursion
après un pas (`max_spiral_loops`) et renverrait la valeur par défaut. On rejoue donc la carrière
année par année depuis 2015, ce qui coûte quelques opérations numpy par an.

Convention (contract.md) : le solde de l'année N est pris après le débit des droits mobilisés pendant
l'année civile N puis après l'ajout de l'alimentation au titre de l'année d'activité N, dans la limite
du plafond en vigueur.
"""

import numpy as np
from openfisca_core import periods

from openfisca_cpa.commun.arrondis import arrondi_heure_superieure, en_float64
from openfisca_cpa.commun.memo import lire, memoriser, reprendre

#: Première année d'activité créditée (loi n° 2014-288 : CPF ouvert au 1er janvier 2015).
PREMIERE_ANNEE = 2015
#: Dernière année d'activité créditée en heures (passage en euros au 1er janvier 2019).
DERNIERE_ANNEE_HEURES = 2018


def part_activite_salariee(individu, period, parameters):
    """Part de l'activité salariée de l'année (R6323-1 C. trav.), en float64, bornée à 1.

    Heures (absences assimilées comprises) / durée de référence, jours / forfait (218 jours au plus
    depuis 2018), rémunération non horaire / (2 080 × SMIC horaire) : les modes s'additionnent.
    Calculée ici plutôt que relue dans la variable float32 : 0,6 en float32 donnerait 300,01 €.
    """
    p = parameters(period).cpf.duree_reference
    heures = en_float64(individu("heures_travaillees", period))
    absences = en_float64(individu("heures_absences_assimilees", period))
    if absences.any():
        heures += absences
    np.maximum(heures, 0, out=heures)
    reference = individu("duree_travail_reference", period)
    if (reference == np.float32(p.defaut)).all():  # cas courant : la durée légale pour tous
        part = heures / p.defaut
    else:
        reference = en_float64(reference)
        part = heures / np.where(reference > 0, reference, p.defaut)

    # Les deux autres modes ne concernent qu'une minorité : on ne les calcule que s'ils servent.
    jours = en_float64(individu("jours_travailles_forfait", period))
    if jours.any():
        forfait = en_float64(individu("forfait_jours_convention", period))
        if period.start.year >= 2018:
            forfait = np.minimum(forfait, p.forfait_jours_maximum)
        part += np.where(forfait > 0, np.maximum(jours, 0) / np.where(forfait > 0, forfait, 1), 0)

    remuneration = en_float64(individu("remuneration_non_horaire", period))
    if remuneration.any():
        if p.smic_moyenne_annuelle:
            annee = period.start.year
            smic = np.mean([parameters(f"{annee}-{mois:02d}-01").commun.smic_horaire for mois in range(1, 13)])
        else:
            smic = parameters(period.start).commun.smic_horaire
        part += np.maximum(remuneration, 0) / (p.nb_smic_horaire * smic)
    return np.minimum(part, 1, out=part)


def credit_heures_palier(solde, part, p):
    """Crédit en heures « 24 h jusqu'à 120 h, puis 12 h » (L6323-11, version 2015), avant plafond.

    Au franchissement du seuil intermédiaire, l'année est partagée au prorata (lecture A de l'exemple
    E05, seule conforme au texte « jusqu'à l'acquisition d'un crédit de 120 heures, puis… »).
    """
    avant, seuil, apres = (
        p.credit_annuel_avant_seuil,
        p.seuil_intermediaire,
        p.credit_annuel_apres_seuil,
    )
    reste = np.maximum(seuil - solde, 0)
    credit_plein_taux = avant * part
    part_au_plein_taux = np.minimum(part, reste / avant)
    credit = np.where(
        credit_plein_taux <= reste,
        credit_plein_taux,
        reste + apres * (part - part_au_plein_taux),
    )
    return arrondi_heure_superieure(credit)


def _solde_initial(individu, period):
    """Solde connu saisi par l'utilisateur : (année, heures si année ≤ 2017, euros si année ≥ 2018)."""
    annee = individu("cpf_annee_solde_initial", period)
    heures = en_float64(individu("cpf_solde_heures_initial", period))
    euros = en_float64(individu("cpf_solde_initial", period))
    return annee, heures, euros


def pas_heures(individu, annee, solde):
    """Une année d'activité en heures (2015-2018) : débit, crédit du statut le plus favorable, plafond.

    Renvoie (solde après débit, solde après crédit).
    """
    systeme = individu.simulation.tax_benefit_system
    params = systeme.get_parameters_at_instant(f"{annee}-01-01").cpf.heures
    mobilise = en_float64(individu("cpf_droits_mobilises", str(annee)))
    apres_debit = np.maximum(solde - mobilise, 0)

    part = part_activite_salariee(individu, periods.period(str(annee)), systeme.get_parameters_at_instant)
    credit = credit_heures_palier(apres_debit, part, params.salarie)
    if annee >= 2017:
        # L6323-11-1 : 48 h par an, sans palier, pour le salarié peu qualifié (plafond 400 h : cpf_plafond).
        peu_qualifie = individu("peu_qualifie", str(annee)) & (part > 0)
        credit = np.where(
            peu_qualifie,
            arrondi_heure_superieure(params.peu_qualifie.credit_annuel * part),
            credit,
        )
    if annee >= 2018:
        # L6323-27 (version 2018) : indépendants, au prorata de la période couverte par la contribution.
        part_independante = np.clip(en_float64(individu("mois_activite_independante", str(annee))) / 12, 0, 1)
        credit_independant = credit_heures_palier(apres_debit, part_independante, params.independant)
        credit = np.maximum(credit, credit_independant)

    # L6323-1 (2015), L5151-2 et L6323-3 : rien pour une année où le compte n'est pas ouvert ou après la retraite.
    credit = np.where(individu("cpf_alimentation_due", str(annee)), credit, 0)
    plafond = en_float64(individu("cpf_plafond", str(annee)))
    credit = np.minimum(credit, np.maximum(plafond - apres_debit, 0))
    return apres_debit, apres_debit + credit


def pas_euros(individu, annee, solde):
    """Une année d'activité en euros (≥ 2019) : débit, puis alimentation dans la limite du plafond.

    Renvoie (solde après débit, solde après crédit).
    """
    mobilise = en_float64(individu("cpf_droits_mobilises", str(annee)))
    apres_debit = np.maximum(solde - mobilise, 0)
    credit = en_float64(individu("cpf_alimentation_avant_plafond", str(annee)))
    plafond = en_float64(individu("cpf_plafond", str(annee)))
    credit = np.minimum(credit, np.maximum(plafond - apres_debit, 0))
    return apres_debit, apres_debit + credit


def _rejouer(individu, compte, annee_fin, etat, annee_connue, solde_connu, pas, premiere):
    """Rejoue les années [premiere, annee_fin] à partir de `etat` = (solde après débit, solde).

    Repart du dernier état mémorisé (commun/memo.py) et mémorise chaque fin d'année.
    """
    debut, (apres_debit, solde) = reprendre(individu, compte, annee_fin + 1, premiere, etat)
    connus = np.any(annee_connue >= debut)
    for annee in range(debut, annee_fin + 1):
        debit, credit = pas(individu, annee, solde)
        if connus:
            # Un solde connu remplace le calcul pour son année ; les années antérieures n'ont plus d'effet.
            avant, connu = annee_connue > annee, annee_connue == annee
            debit = np.where(avant, solde, np.where(connu, solde_connu, debit))
            credit = np.where(avant, solde, np.where(connu, solde_connu, credit))
        apres_debit, solde = debit, credit
        memoriser(individu, compte, annee, (apres_debit, solde))
    return apres_debit, solde


def soldes_heures(individu, annee_fin):
    """Solde statutaire en heures (hors DIF) après l'année d'activité `annee_fin` ≤ 2018 : (après débit, solde)."""
    annee_connue, heures_connues, _ = _solde_initial(individu, str(annee_fin))
    # Un solde connu en heures ne vaut que pour 2015-2017 ; à partir de 2018 il est saisi en euros.
    annee_connue = np.where(annee_connue < DERNIERE_ANNEE_HEURES, annee_connue, 0)
    depart = np.zeros(individu.count)
    return _rejouer(
        individu, "cpf_heures", annee_fin, (depart, depart), annee_connue, heures_connues, pas_heures, PREMIERE_ANNEE
    )


def soldes_euros(individu, annee_fin):
    """Solde statutaire en euros (DIF converti compris) après l'année d'activité `annee_fin` ≥ 2018.

    2018 : heures (CPF de 2015 à 2018 et DIF inscrit) converties au 1er janvier 2019 (décret n° 2018-1153).
    """
    annee_connue, _, euros_connus = _solde_initial(individu, str(annee_fin))
    conversion = lire(individu, "cpf_euros", DERNIERE_ANNEE_HEURES)
    if conversion is None:
        heures_debit, heures = soldes_heures(individu, DERNIERE_ANNEE_HEURES)
        taux = individu.simulation.tax_benefit_system.get_parameters_at_instant(
            "2019-01-01"
        ).cpf.conversion.euros_par_heure
        dif = en_float64(individu("cpf_heures_dif", str(annee_fin)))
        # Un solde connu en euros pour 2018 est le montant converti (DIF compris) : il remplace la conversion.
        connu_2018 = annee_connue == DERNIERE_ANNEE_HEURES
        conversion = (
            np.where(connu_2018, euros_connus, (heures_debit + dif) * taux),
            np.where(connu_2018, euros_connus, (heures + dif) * taux),
        )
        memoriser(individu, "cpf_euros", DERNIERE_ANNEE_HEURES, conversion)
    if annee_fin == DERNIERE_ANNEE_HEURES:
        return conversion
    return _rejouer(
        individu, "cpf_euros", annee_fin, conversion, annee_connue, euros_connus, pas_euros, DERNIERE_ANNEE_HEURES + 1
    )
