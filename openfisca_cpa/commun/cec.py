"""Compte d'engagement citoyen : activités validées et solde, par boucles explicites sur les années.

Aucun solde n'appelle son propre solde d'une autre période (openfisca-core couperait la récursion) :
on rejoue les années depuis 2017, premier exercice du CEC, vectorisé sur les personnes, par le déroulé
de commun/compte.py qui range chaque année dans les holders : cec_debit, cec_ecretement,
cec_alimentation, cec_conversion (2018), cec_reprise_solde_connu, cec_solde_heures, cec_solde, et
l'état de la fenêtre de deux ans (cec_activites_deux_ans_validees).

Convention (contract.md) : le solde de l'année N est pris après le débit des droits CEC utilisés pendant
l'année civile N, puis après l'ajout des droits acquis au titre de l'année d'activité N (portés au
compte en N+1), dans la limite du plafond (lu comme plafond du solde, D5151-14 III).
"""

import numpy as np

from openfisca_cpa.commun.arrondis import atteint, en_float64, non_nul
from openfisca_cpa.commun.compte import Compte, appliquer_solde_connu, debits_supplementaires, mouvement, pas_annuel
from openfisca_cpa.commun.saisies import nul, saisie, saisie_float64, vrai_quelque_part

#: Première année d'activité du CEC (loi n° 2016-1088, en vigueur le 1er janvier 2017).
PREMIERE_ANNEE = 2017
#: Dernière année d'activité créditée en heures (droits convertis en euros au 1er janvier 2019).
DERNIERE_ANNEE_HEURES = 2018

#: Catégories d'engagement de la fiche F34030 (lecture « un crédit par catégorie », non retenue par défaut).
VOLONTAIRE, BENEVOLE, MAITRE_APPRENTISSAGE = "volontaire", "benevole", "maitre_apprentissage"

#: Activités appréciées sur une seule année : (catégorie, ((variable saisie, clé du seuil), …)).
#: Tous les critères d'une activité doivent être atteints.
ACTIVITES_ANNUELLES = (
    (
        VOLONTAIRE,
        (("cec_reserve_militaire_jours", "reserve_militaire_operationnelle_jours"),),
    ),
    (VOLONTAIRE, (("cec_reserve_sanitaire_jours", "reserve_sanitaire_jours"),)),
    (
        BENEVOLE,
        (
            ("cec_benevolat_heures", "benevolat_heures"),
            (
                "cec_benevolat_heures_association_principale",
                "benevolat_heures_meme_association",
            ),
        ),
    ),
    (
        VOLONTAIRE,
        (
            (
                "cec_reserve_citoyenne_reinsertion_heures",
                "reserve_citoyenne_reinsertion_heures",
            ),
        ),
    ),
    (
        BENEVOLE,
        (
            ("cec_reserve_civique_heures", "reserve_civique_heures"),
            (
                "cec_reserve_civique_heures_structure_principale",
                "reserve_civique_heures_meme_structure",
            ),
        ),
    ),
)

#: Activités validées par un événement de l'année (fin d'un engagement continu, signature) :
#: (catégorie, variable booléenne saisie, clé du paramètre qui date l'activité).
ACTIVITES_EVENEMENT = (
    (
        VOLONTAIRE,
        "cec_reserve_citoyenne_defense_engagement_accompli",
        "reserve_citoyenne_defense_annees",
    ),
    (
        VOLONTAIRE,
        "cec_reserve_communale_engagement_signe",
        "reserve_communale_securite_civile_annees",
    ),
    (
        VOLONTAIRE,
        "cec_sapeur_pompier_engagement_signe",
        "sapeur_pompier_volontaire_annees",
    ),
    (
        VOLONTAIRE,
        "cec_reserve_civile_police_engagement_accompli",
        "reserve_civile_police_annees",
    ),
    (
        VOLONTAIRE,
        "cec_reserve_citoyenne_police_engagement_accompli",
        "reserve_citoyenne_police_annees",
    ),
)

#: Activités appréciées sur l'année écoulée et la précédente (D5151-14 II).
ACTIVITES_DEUX_ANS = (
    (VOLONTAIRE, (("cec_service_civique_mois", "service_civique_mois"),)),
    (
        MAITRE_APPRENTISSAGE,
        (("cec_maitre_apprentissage_mois", "maitre_apprentissage_mois"),),
    ),
    (
        VOLONTAIRE,
        (
            (
                "cec_reserve_education_nationale_mois",
                "reserve_citoyenne_education_nationale_mois",
            ),
            (
                "cec_reserve_education_nationale_interventions",
                "reserve_citoyenne_education_nationale_interventions",
            ),
        ),
    ),
)


def _parametres(individu, instant):
    return individu.simulation.tax_benefit_system.get_parameters_at_instant(instant)


def seuils(individu, annee):
    """Durées minimales applicables à l'année d'activité (None : aucune activité validable).

    Lues au 31 décembre de l'année d'activité (l'activité ajoutée le 1er décembre 2024 couvre donc
    2024) ; pour 2017 et 2018, celles du 1er janvier 2019 si cec.seuils.durees_pour_annees_en_heures.
    """
    if annee < PREMIERE_ANNEE:
        return None
    if annee <= DERNIERE_ANNEE_HEURES:
        reprise = _parametres(individu, f"{annee}-12-31").cec.seuils.durees_pour_annees_en_heures
        return _parametres(individu, f"{DERNIERE_ANNEE_HEURES + 1}-01-01").cec.seuils if reprise else None
    return _parametres(individu, f"{annee}-12-31").cec.seuils


def _criteres_atteints(quantites, criteres, p):
    """Tous les critères atteints ; faux si une durée minimale n'est pas en vigueur."""
    valide = np.ones(len(quantites[0]), dtype=bool)
    for quantite, (_, cle) in zip(quantites, criteres, strict=True):
        minimum = None if p is None else getattr(p, cle, None)
        if minimum is None:
            return np.zeros(len(quantite), dtype=bool)
        valide &= atteint(quantite, minimum)
    return valide


def _lire_deux_ans(individu, annee, criteres):
    """Quantités saisies des critères pour l'année, telles que rangées (None : aucune saisie de ces critères, jamais).

    Un critère non saisi vaut zéro ; la relecture en float64 (en_float64) se fait aux seuls indices appréciés.
    """
    quantites = [saisie(individu, variable, str(annee)) for variable, _ in criteres]
    if all(q is None for q in quantites):
        return None
    return [np.zeros(individu.count, dtype=np.float32) if q is None else q for q in quantites]


def _pas_deux_ans(individu, annee, masque_precedent):
    """Activités de D5151-14 II validées pour `annee`, appréciées sur l'année et la précédente.

    Les quantités d'une année qui ont servi à valider une année ne sont plus reprises : un service
    civique à cheval sur deux années (4 mois puis 2 mois) ne donne qu'un crédit, l'année où les six
    mois sont atteints. Les quantités non utilisées de l'année N-1 s'ajoutent une seule fois à celles de N.
    Les mois saisis sont supposés continus (la continuité ne se lit pas sur des cumuls annuels).
    L'état est un masque de bits (bit k : k-ième activité de ACTIVITES_DEUX_ANS validée).
    """
    masque_precedent = np.asarray(masque_precedent)
    masque = np.zeros(individu.count, dtype=np.int32)
    p = seuils(individu, annee)
    for rang, (_, criteres) in enumerate(ACTIVITES_DEUX_ANS):
        courant = _lire_deux_ans(individu, annee, criteres)
        if courant is None:
            continue  # activité jamais saisie
        precedent = _lire_deux_ans(individu, annee - 1, criteres)
        # Seules les personnes qui ont une quantité sur l'une des deux années (une minorité) sont appréciées.
        indices = np.flatnonzero(np.logical_or.reduce([q != 0 for q in (*courant, *precedent)]))
        if not indices.size:
            continue  # rien sur les deux années : rien à valider
        valide_avant = (masque_precedent[indices].astype(np.int64) >> rang) & 1 == 1  # relu en float64 par le déroulé
        totaux = [
            np.where(valide_avant, 0, en_float64(q[indices])) + en_float64(c[indices])
            for q, c in zip(precedent, courant, strict=True)
        ]
        masque[indices] |= _criteres_atteints(totaux, criteres, p).astype(np.int32) << rang
    return {"cec_activites_deux_ans_validees": masque}


#: Fenêtre de deux ans de D5151-14 II : masque des activités validées, rangé année par année.
CEC_DEUX_ANS = Compte(solde="cec_activites_deux_ans_validees", premiere_annee=PREMIERE_ANNEE, pas=_pas_deux_ans)


def activites_validees(individu, annee):
    """Liste (catégorie, validée) de toutes les activités de D5151-14 pour l'année d'activité."""
    p = seuils(individu, annee)
    resultat = []
    for categorie, criteres in ACTIVITES_ANNUELLES:
        quantites = [saisie(individu, v, str(annee)) for v, _ in criteres]
        if any(q is None for q in quantites):
            continue  # un critère jamais saisi : activité jamais validée (tous les critères sont requis)
        resultat.append((categorie, _criteres_atteints(quantites, criteres, p)))
    for categorie, variable, cle in ACTIVITES_EVENEMENT:
        en_vigueur = p is not None and getattr(p, cle, None) is not None
        evenement = vrai_quelque_part(individu, variable, str(annee))
        if evenement is not None:
            resultat.append((categorie, evenement & en_vigueur))
    masque = individu("cec_activites_deux_ans_validees", str(annee))
    if not non_nul(masque):
        return resultat
    for rang, (categorie, _) in enumerate(ACTIVITES_DEUX_ANS):
        resultat.append((categorie, (masque >> rang) & 1 == 1))
    return resultat


def nb_credits(individu, annee):
    """Nombre de crédits de l'année : un par activité validée, ou un par catégorie si cec.credit_par_categorie."""
    validees = activites_validees(individu, annee)
    if not validees:
        return np.zeros(individu.count, dtype=np.int64)
    par_categorie = _parametres(individu, f"{annee}-12-31").cec.credit_par_categorie
    if not par_categorie:
        total = np.zeros(individu.count, dtype=np.int32)
        for _, validee in validees:
            total += validee
        return total
    categories = {c for c, _ in validees}
    return sum(
        np.logical_or.reduce([v for c, v in validees if c == categorie]).astype(np.int64)
        for categorie in sorted(categories)
    )


def _solde_connu(individu, annee):
    annee_connue = saisie(individu, "cec_annee_solde_initial", str(annee))
    if annee_connue is None or not annee_connue.any():
        return None, None
    return annee_connue, en_float64(individu("cec_solde_initial", str(annee)))


def _pas(individu, annee, solde):
    """Une année : débit des droits utilisés, puis crédit dans la limite du plafond du solde (D5151-14 III)."""
    p = _parametres(individu, f"{annee}-12-31").cec
    en_heures = annee <= DERNIERE_ANNEE_HEURES
    compte = CEC_HEURES if en_heures else CEC_EUROS
    m = pas_annuel(
        solde,
        saisie_float64(individu, "cec_droits_mobilises", str(annee)),
        en_float64(individu("cec_alimentation_avant_plafond", str(annee))),
        p.heures.plafond if en_heures else p.euros.plafond,
        debits_supplementaires(individu, compte, annee),
    )
    mouvements = {"cec_debit": m.debit, "cec_ecretement": m.ecretement, "cec_alimentation": m.alimentation}
    if en_heures:
        mouvements["cec_solde_heures"] = m.solde
        return mouvements
    annee_connue, solde_connu = _solde_connu(individu, annee)
    m, reprise = appliquer_solde_connu(m, solde, annee, annee_connue, solde_connu)
    mouvements.update(
        cec_debit=m.debit,
        cec_ecretement=m.ecretement,
        cec_alimentation=m.alimentation,
        cec_reprise_solde_connu=nul(individu) if reprise is None else reprise,
        cec_solde=m.solde,
    )
    return mouvements


def _pas_euros(individu, annee, solde):
    """2018 : conversion des heures au 1er janvier 2019 (décret n° 2018-1349) ; ensuite une année en euros."""
    if annee > DERNIERE_ANNEE_HEURES:
        return _pas(individu, annee, solde)
    taux = _parametres(individu, f"{DERNIERE_ANNEE_HEURES + 1}-01-01").cec.conversion.euros_par_heure
    conversion = en_float64(individu("cec_solde_heures", str(annee))) * taux
    annee_connue, solde_connu = _solde_connu(individu, annee)
    reprise = np.zeros(individu.count)
    solde = conversion
    if annee_connue is not None:
        connu = annee_connue == annee
        solde = np.where(connu, solde_connu, conversion)
        reprise = np.where(connu, solde_connu - conversion, 0)
    return {"cec_conversion": conversion, "cec_reprise_solde_connu": reprise, "cec_solde": solde}


#: CEC en heures, années d'activité 2017 et 2018 (plafond de 60 heures).
CEC_HEURES = Compte(
    solde="cec_solde_heures", premiere_annee=PREMIERE_ANNEE, derniere_annee=DERNIERE_ANNEE_HEURES, pas=_pas, decimales=4
)
#: CEC en euros : 2018 = heures converties à 12 €/h, puis années d'activité à partir de 2019 (plafond de 720 €).
CEC_EUROS = Compte(
    solde="cec_solde",
    premiere_annee=DERNIERE_ANNEE_HEURES,
    pas=_pas_euros,
    decimales=2,
    # Droits du CEC utilisés par les achats datés de l'année (plan de financement, commun/plan.py).
    debits_supplementaires=("cec_achats_droits_mobilises",),
)


def compte_de(annee):
    """Le compte CEC qui porte les mouvements de l'année (heures jusqu'en 2018, euros ensuite)."""
    return CEC_HEURES if annee <= DERNIERE_ANNEE_HEURES else CEC_EUROS


def valeur(individu, nom, annee):
    """Mouvement ou solde `nom` du CEC pour l'année (formules des variables)."""
    compte = CEC_EUROS if nom in {"cec_solde", "cec_conversion", "cec_reprise_solde_connu"} else compte_de(annee)
    return mouvement(individu, compte, nom, annee)


def credit_des_activites(individu, period, credit_par_activite):
    """Crédit par activité × nombre d'activités validées, compte ouvert ; calculé aux seuls indices des activités."""
    nombre = individu("cec_nb_activites_validees", period)
    credit = np.zeros(individu.count, dtype=np.float32)  # montants entiers : exacts en float32
    indices = np.flatnonzero(nombre)
    if indices.size:
        ouvert = individu("cpf_compte_ouvert", period)[indices]
        credit[indices] = nombre[indices] * credit_par_activite * ouvert
    return credit
