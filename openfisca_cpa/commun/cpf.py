"""Soldes du compte personnel de formation : deux comptes déroulés par commun/compte.py.

Aucun solde n'appelle son propre solde de l'année précédente : openfisca-core couperait la récursion
après un pas (`max_spiral_loops`) et renverrait la valeur par défaut. On rejoue donc la carrière
année par année (commun/compte.py), et chaque année rejouée range son solde et ses mouvements dans les
holders d'OpenFisca : cpf_debit, cpf_alimentation_avant_plafond, cpf_ecretement, cpf_alimentation,
cpf_reprise_solde_connu, cpf_conversion (2018), cpf_solde_heures (2015-2018), cpf_solde (≥ 2018).

- CPF_HEURES : années d'activité 2015 à 2018, en heures, DIF exclu ;
- CPF_EUROS : 2018 = conversion au 1er janvier 2019 (heures de 2018 et DIF à 15 €/h), puis euros.

Convention (contract.md) : le solde de l'année N est pris après le débit des droits mobilisés pendant
l'année civile N puis après l'ajout de l'alimentation au titre de l'année d'activité N, dans la limite
du plafond en vigueur.
"""

import numpy as np
from openfisca_core import periods

from openfisca_cpa.commun.arrondis import arrondi_heure_superieure, en_float64, en_float64_centimes, non_nul
from openfisca_cpa.commun.compte import (
    Compte,
    appliquer_solde_connu,
    debits_supplementaires,
    pas_annuel,
    somme_non_nulle,
)
from openfisca_cpa.commun.saisies import jamais_saisie, saisie, saisie_float64, vrai_quelque_part

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
    heures = saisie_float64(individu, "heures_travaillees", period)
    if heures is None:
        heures = np.zeros(individu.count)
    absences = saisie_float64(individu, "heures_absences_assimilees", period)
    if absences is not None and absences.any():
        heures += absences
    np.maximum(heures, 0, out=heures)
    reference = (
        None if jamais_saisie(individu, "duree_travail_reference") else individu("duree_travail_reference", period)
    )
    if reference is None or (reference == np.float32(p.defaut)).all():  # cas courant : la durée légale pour tous
        part = np.divide(heures, p.defaut, out=heures)
    else:
        reference = en_float64(reference)
        part = heures / np.where(reference > 0, reference, p.defaut)

    # Les deux autres modes ne concernent qu'une minorité : on ne les calcule que s'ils servent.
    jours = saisie_float64(individu, "jours_travailles_forfait", period)
    if jours is not None and jours.any():
        forfait = en_float64(individu("forfait_jours_convention", period))
        if period.start.year >= 2018:
            forfait = np.minimum(forfait, p.forfait_jours_maximum)
        part += np.where(forfait > 0, np.maximum(jours, 0) / np.where(forfait > 0, forfait, 1), 0)

    remuneration = saisie_float64(individu, "remuneration_non_horaire", period)
    if remuneration is not None and remuneration.any():
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


def _credit_heures(individu, annee, systeme):
    """Crédit en heures de l'année, statut le plus favorable, fonction du solde après débit (palier de 120 h)."""
    params = systeme.get_parameters_at_instant(f"{annee}-01-01").cpf.heures
    part = part_activite_salariee(individu, periods.period(str(annee)), systeme.get_parameters_at_instant)
    peu_qualifie = vrai_quelque_part(individu, "peu_qualifie", str(annee)) if annee >= 2017 else None
    if peu_qualifie is not None:
        peu_qualifie = peu_qualifie & (part > 0)
    mois = saisie_float64(individu, "mois_activite_independante", str(annee)) if annee >= 2018 else None
    part_independante = None if mois is None else np.clip(mois / 12, 0, 1)

    due = individu("cpf_alimentation_due", str(annee))

    def credit(apres_debit):
        resultat = credit_heures_palier(apres_debit, part, params.salarie)
        if peu_qualifie is not None and peu_qualifie.any():
            # L6323-11-1 : 48 h par an, sans palier, pour le salarié peu qualifié (plafond 400 h : cpf_plafond).
            resultat = np.where(
                peu_qualifie, arrondi_heure_superieure(params.peu_qualifie.credit_annuel * part), resultat
            )
        if part_independante is not None and part_independante.any():
            # L6323-27 (version 2018) : indépendants, au prorata de la période couverte par la contribution.
            resultat = np.maximum(resultat, credit_heures_palier(apres_debit, part_independante, params.independant))
        # L6323-1 (2015), L5151-2 et L6323-3 : rien pour une année où le compte n'est pas ouvert ou après la retraite.
        return np.where(due, resultat, 0)

    return credit


def _solde_connu(individu, annee, unite):
    """(année connue, solde connu) saisis, ou (None, None) ; heures pour 2015-2017, euros à partir de 2018."""
    annee_connue = saisie(individu, "cpf_annee_solde_initial", str(annee))
    if annee_connue is None:
        return None, None
    if unite == "heures":
        annee_connue = np.where(annee_connue < DERNIERE_ANNEE_HEURES, annee_connue, 0)
    if not annee_connue.any():
        return None, None
    nom = "cpf_solde_heures_initial" if unite == "heures" else "cpf_solde_initial"
    return annee_connue, en_float64(individu(nom, str(annee)))


def _ranger(m, reprise, solde_id):
    mouvements = {
        "cpf_debit": m.debit,
        "cpf_alimentation_avant_plafond": m.credit_avant_plafond,
        "cpf_ecretement": m.ecretement,
        "cpf_alimentation": m.alimentation,
        solde_id: m.solde,
    }
    if reprise is not None:
        mouvements["cpf_reprise_solde_connu"] = reprise
    return mouvements


def pas_dif(individu, annee, solde):
    """Une année 2015-2018 du DIF inscrit : les droits utilisés le consomment d'abord, sans aucun crédit.

    R6323-7 C. trav. (décret n° 2014-1120) : une formation payée avant 2019 consomme d'abord le DIF, puis
    le CPF (paramètre cpf.usage.dif_en_premier). Ne dépend que des saisies (DIF inscrit, droits utilisés).
    """
    usage = individu.simulation.tax_benefit_system.get_parameters_at_instant(f"{annee}-01-01").cpf.usage
    mobilise = None
    if _parametre_vrai(usage, "dif_en_premier") and solde.any():  # personne n'a de DIF : rien à consommer
        mobilise = saisie_float64(individu, "cpf_droits_mobilises", str(annee))
    m = pas_annuel(solde, mobilise, np.zeros(1), None)
    return {"cpf_dif_utilise": m.debit, "cpf_dif_restant": m.solde}


def _dif_inscrit(individu):
    return np.maximum(en_float64(individu("cpf_heures_dif", str(PREMIERE_ANNEE))), 0)


#: Heures de DIF inscrites, consommées d'abord par les droits utilisés de 2015 à 2018 (R6323-7).
CPF_DIF = Compte(
    solde="cpf_dif_restant",
    premiere_annee=PREMIERE_ANNEE,
    derniere_annee=DERNIERE_ANNEE_HEURES,
    pas=pas_dif,
    depart=_dif_inscrit,
    decimales=4,
)


def dif_inscrit(individu):
    """Vrai si quelqu'un a saisi des heures de DIF (sinon rien à consommer ni à convertir)."""
    return saisie(individu, "cpf_heures_dif", str(PREMIERE_ANNEE)) is not None


def _parametre_vrai(noeud, nom):
    try:
        return bool(getattr(noeud, nom))
    except Exception:  # valeur null : ParameterNotFound
        return False


def pas_heures(individu, annee, solde):
    """Une année d'activité en heures (2015-2018) : débit, crédit du statut le plus favorable, plafond en heures."""
    systeme = individu.simulation.tax_benefit_system
    mobilise = saisie_float64(individu, "cpf_droits_mobilises", str(annee))
    if mobilise is not None and dif_inscrit(individu):
        # R6323-7 (2015-2018) : la part des droits utilisés prise sur le DIF ne débite pas le CPF.
        mobilise = mobilise - en_float64(individu("cpf_dif_utilise", str(annee)))
    m = pas_annuel(
        solde,
        mobilise,
        _credit_heures(individu, annee, systeme),
        individu("cpf_plafond", str(annee)),  # plafonds en heures entières, exacts en float32
        debits_supplementaires(individu, CPF_HEURES, annee),
    )
    annee_connue, solde_connu = _solde_connu(individu, annee, "heures")
    m, reprise = appliquer_solde_connu(m, solde, annee, annee_connue, solde_connu)
    return _ranger(m, reprise, "cpf_solde_heures")


def pas_euros(individu, annee, solde):
    """2018 : conversion au 1er janvier 2019 ; ensuite une année en euros (débit, alimentation, plafond)."""
    annee_connue, solde_connu = _solde_connu(individu, annee, "euros")
    if annee == DERNIERE_ANNEE_HEURES:
        # Décret n° 2018-1153 : heures du CPF (alimentation 2018 comprise) et DIF inscrit, à 15 €/h.
        taux = individu.simulation.tax_benefit_system.get_parameters_at_instant(
            f"{DERNIERE_ANNEE_HEURES + 1}-01-01"
        ).cpf.conversion.euros_par_heure
        heures = en_float64(individu("cpf_solde_heures", str(annee)))
        if dif_inscrit(individu):  # DIF restant après les utilisations de 2015 à 2018
            heures = heures + en_float64(individu("cpf_dif_restant", str(annee)))
        conversion = heures * taux
        solde = conversion
        reprise = None
        if annee_connue is not None:
            # Un solde connu en euros pour 2018 est le montant converti (DIF compris) : il remplace la conversion.
            connu = annee_connue == annee
            solde = np.where(connu, solde_connu, conversion)
            reprise = np.where(connu, solde_connu - conversion, 0)
        mouvements = {"cpf_conversion": conversion, "cpf_solde": solde}
        if reprise is not None:
            mouvements["cpf_reprise_solde_connu"] = reprise
        return mouvements
    m = pas_annuel(
        solde,
        saisie_float64(individu, "cpf_droits_mobilises", str(annee)),
        en_float64_centimes(individu("cpf_alimentation_avant_plafond", str(annee))),
        individu("cpf_plafond", str(annee)),  # plafonds en euros entiers, exacts en float32
        debits_supplementaires(individu, CPF_EUROS, annee),
    )
    m, reprise = appliquer_solde_connu(m, solde, annee, annee_connue, solde_connu)
    return _ranger(m, reprise, "cpf_solde")


#: Compteur statutaire en heures, années d'activité 2015 à 2018 (DIF exclu).
CPF_HEURES = Compte(
    solde="cpf_solde_heures",
    premiere_annee=PREMIERE_ANNEE,
    derniere_annee=DERNIERE_ANNEE_HEURES,
    pas=pas_heures,
    decimales=4,
)
#: Compteur statutaire en euros : 2018 = montant converti, puis années d'activité à partir de 2019.
CPF_EUROS = Compte(
    solde="cpf_solde",
    premiere_annee=DERNIERE_ANNEE_HEURES,
    pas=pas_euros,
    decimales=2,
    # Droits statutaires utilisés par les achats datés de l'année (plan de financement, commun/plan.py),
    # débités après les droits déclarés cpf_droits_mobilises (dépensés hors des achats de la demande).
    debits_supplementaires=("cpf_achats_droits_mobilises",),
)


def compte_de(annee):
    """Le compte CPF qui porte les mouvements de l'année (heures jusqu'en 2018, euros ensuite)."""
    return CPF_HEURES if annee <= DERNIERE_ANNEE_HEURES else CPF_EUROS


#: Abondements et dotations hors plafond (L6323-4 II) : correctif, APC, AT/MP.
ABONDEMENTS = ("cpf_abondement_correctif", "cpf_abondement_apc", "cpf_abondement_atmp", "cpf_abondement_accord")


def pas_abondements(individu, annee, solde):
    """2018 : heures d'abondement APC de 2018 converties à 15 €/h ; ensuite débit des abondements dépensés, puis abondements reçus."""
    if annee == DERNIERE_ANNEE_HEURES:
        taux = individu.simulation.tax_benefit_system.get_parameters_at_instant(
            f"{DERNIERE_ANNEE_HEURES + 1}-01-01"
        ).cpf.conversion.euros_par_heure
        return {"cpf_solde_abondements": en_float64(individu("cpf_abondement_apc", str(annee))) * taux}
    recus = somme_non_nulle(individu, ABONDEMENTS, annee)
    mobilises = saisie_float64(individu, "cpf_abondements_mobilises", str(annee))
    supplementaires = debits_supplementaires(individu, CPF_ABONDEMENTS, annee)
    if recus is None and mobilises is None and supplementaires is None and not non_nul(solde):
        # Personne n'a d'abondement : compteur nul, aucun mouvement.
        zeros = np.zeros(individu.count)
        return {"cpf_abondements_debit": zeros, "cpf_solde_abondements": zeros}
    m = pas_annuel(solde, mobilises, np.zeros(1) if recus is None else recus, None, supplementaires)
    return {"cpf_abondements_debit": m.debit, "cpf_solde_abondements": m.solde}


#: Compteur des abondements hors plafond, en euros à partir de 2018.
CPF_ABONDEMENTS = Compte(
    solde="cpf_solde_abondements",
    premiere_annee=DERNIERE_ANNEE_HEURES,
    pas=pas_abondements,
    decimales=2,
    # Crédits hors plafond utilisés par les achats datés de l'année (plan de financement, commun/plan.py).
    debits_supplementaires=("cpf_achats_abondements_mobilises",),
)
