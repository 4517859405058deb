"""Compte d'engagement citoyen : activités validées et solde, par boucles explicites sur les années.

Aucun solde n'appelle son propre solde d'une autre période (openfisca-core couperait la récursion) :
on rejoue les années depuis 2017, premier exercice du CEC, vectorisé sur les personnes.

Convention (contract.md) : le solde de l'année N est pris après le débit des droits CEC utilisés pendant
l'année civile N, puis après l'ajout des droits acquis au titre de l'année d'activité N (portés au
compte en N+1), dans la limite du plafond (lu comme plafond du solde, D5151-14 III).
"""

import numpy as np

from openfisca_cpa.commun.arrondis import en_float64
from openfisca_cpa.commun.memo import memoriser, reprendre
from openfisca_cpa.commun.plan import garder

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
        valide &= quantite >= minimum
    return valide


def _validee_sur_deux_ans(individu, annee_fin, criteres):
    """Activité validée pour annee_fin, appréciée sur l'année et la précédente (D5151-14 II).

    Les quantités d'une année qui ont servi à valider une année ne sont plus reprises : un service
    civique à cheval sur deux années (4 mois puis 2 mois) ne donne qu'un crédit, l'année où les six
    mois sont atteints. Les quantités non utilisées de l'année N-1 s'ajoutent une seule fois à celles de N.
    Les mois saisis sont supposés continus (la continuité ne se lit pas sur des cumuls annuels).
    """

    def lire(annee):
        return [en_float64(individu(variable, str(annee))) for variable, _ in criteres]

    compte = ("cec_deux_ans", *(variable for variable, _ in criteres))
    debut, (valide, reste) = reprendre(
        individu,
        compte,
        annee_fin + 1,
        PREMIERE_ANNEE,
        (np.zeros(individu.count, dtype=bool), lire(PREMIERE_ANNEE - 1)),
    )
    for annee in range(debut, annee_fin + 1):
        courant = lire(annee)
        totaux = [r + c for r, c in zip(reste, courant, strict=True)]
        valide = _criteres_atteints(totaux, criteres, seuils(individu, annee))
        reste = [np.where(valide, 0, c) for c in courant]
        memoriser(individu, compte, annee, (valide, reste))
    return valide


def activites_validees(individu, annee):
    """Liste (catégorie, validée) de toutes les activités de D5151-14 pour l'année d'activité."""
    p = seuils(individu, annee)
    resultat = []
    for categorie, criteres in ACTIVITES_ANNUELLES:
        quantites = [en_float64(individu(v, str(annee))) for v, _ in criteres]
        resultat.append((categorie, _criteres_atteints(quantites, criteres, p)))
    for categorie, variable, cle in ACTIVITES_EVENEMENT:
        en_vigueur = p is not None and getattr(p, cle, None) is not None
        resultat.append((categorie, individu(variable, str(annee)) & en_vigueur))
    for categorie, criteres in ACTIVITES_DEUX_ANS:
        resultat.append((categorie, _validee_sur_deux_ans(individu, annee, criteres)))
    return resultat


def nb_credits(individu, annee):
    """Nombre de crédits de l'année : un par activité validée, ou un par catégorie si cec.credit_par_categorie."""
    validees = activites_validees(individu, annee)
    par_categorie = _parametres(individu, f"{annee}-12-31").cec.credit_par_categorie
    if not par_categorie:
        return sum(v.astype(np.int64) for _, v in validees)
    categories = {c for c, _ in validees}
    return sum(
        np.logical_or.reduce([v for c, v in validees if c == categorie]).astype(np.int64)
        for categorie in sorted(categories)
    )


def _pas(individu, annee, solde):
    """Une année : débit des droits utilisés, puis crédit dans la limite du plafond du solde."""
    p = _parametres(individu, f"{annee}-12-31").cec
    plafond = p.heures.plafond if annee <= DERNIERE_ANNEE_HEURES else p.euros.plafond
    mobilise = en_float64(individu("cec_droits_mobilises", str(annee)))
    if annee > DERNIERE_ANNEE_HEURES:
        # Droits déclarés hors achats de la demande, puis droits utilisés par les achats datés de l'année (plan.py).
        mobilise = mobilise + en_float64(individu("cec_achats_droits_mobilises", str(annee)))
    apres_debit = np.maximum(solde - mobilise, 0)
    credit = en_float64(individu("cec_alimentation_avant_plafond", str(annee)))
    credit = np.minimum(credit, np.maximum(plafond - apres_debit, 0))
    return apres_debit, apres_debit + credit


def soldes_heures(individu, annee_fin):
    """(solde après débit, solde) en heures pour l'année d'activité annee_fin ≤ 2018."""
    depart = np.zeros(individu.count)
    debut, etat = reprendre(individu, "cec_heures", annee_fin + 1, PREMIERE_ANNEE, (depart, depart))
    for annee in range(debut, annee_fin + 1):
        etat = _pas(individu, annee, etat[1])
        memoriser(individu, "cec_heures", annee, etat)
    return etat


def soldes_euros(individu, annee_fin):
    """(solde après débit, solde) en euros pour l'année annee_fin ≥ 2018 (2018 : heures converties).

    Un solde connu (cec_solde_initial, relevé après l'année cec_annee_solde_initial ≥ 2018) remplace le
    calcul pour son année : les saisies des années antérieures ou égales n'ont plus d'effet sur les soldes
    suivants. Chaque fin d'année est mémorisée (commun/memo.py).
    """
    annee_connue = individu("cec_annee_solde_initial", str(annee_fin))
    solde_connu = en_float64(individu("cec_solde_initial", str(annee_fin)))
    debut, etat = reprendre(individu, "cec_euros", annee_fin + 1, DERNIERE_ANNEE_HEURES, None)
    if etat is None:
        heures_debit, heures = soldes_heures(individu, DERNIERE_ANNEE_HEURES)
        taux = _parametres(individu, f"{DERNIERE_ANNEE_HEURES + 1}-01-01").cec.conversion.euros_par_heure
        connu = annee_connue == DERNIERE_ANNEE_HEURES
        etat = (np.where(connu, solde_connu, heures_debit * taux), np.where(connu, solde_connu, heures * taux))
        memoriser(individu, "cec_euros", DERNIERE_ANNEE_HEURES, etat)
        garder(individu, "cec_solde", DERNIERE_ANNEE_HEURES, etat[1])
        debut = DERNIERE_ANNEE_HEURES + 1
    for annee in range(debut, annee_fin + 1):
        debit, credit = _pas(individu, annee, etat[1])
        connu = annee_connue == annee
        etat = (np.where(connu, solde_connu, debit), np.where(connu, solde_connu, credit))
        memoriser(individu, "cec_euros", annee, etat)
        garder(individu, "cec_solde", annee, etat[1])
    return etat
