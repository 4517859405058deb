"""Compte professionnel de prévention : acquisition des points et rejeu chronologique des utilisations.

Aucun solde n'appelle son propre solde d'une autre période (openfisca-core couperait la récursion) :
on rejoue la carrière année par année depuis 2015 (déroulé de commun/compte.py, chaque fin d'année
rangée dans les holders : c2p_points_utilises, c2p_points_credites, c2p_points_ecretes,
c2p_reprise_solde_connu, c2p_solde_points et les cumuls de carrière c2p_cumul_points_*), et dans
chaque année les jours où une utilisation est demandée, dans l'ordre des dates. Boucles sur les années, les jours de demande et les facteurs
seulement, jamais sur les personnes.

Convention (contract.md) : le solde de l'année N est pris après le débit des points utilisés pendant
l'année civile N, puis après l'ajout des points acquis au titre de l'année d'exposition N (portés au
compte début N+1), dans la limite du plafond de carrière en vigueur. Une demande datée de l'année N
est donc appréciée sur le solde de fin N-1 diminué des points déjà accordés en N.

Agrégation des saisies journalières : `individu("x", annee, options=[ADD])` fonctionne dans
openfisca-core 46 (vérifié), mais calcule et met en cache 365 tableaux par variable et par année
(pour un million de personnes en float32, 1,46 Go par variable et par année). On lit donc, sur le
« holder » de chaque variable d'utilisation, les seuls jours effectivement saisis.
"""

import numpy as np
from openfisca_core import periods
from openfisca_core.model_api import Enum
from openfisca_core.periods import DateUnit

from openfisca_cpa.commun.arrondis import atteint, en_float64
from openfisca_cpa.commun.compte import Compte, mouvement
from openfisca_cpa.commun.ouverture import naissances_decomposees
from openfisca_cpa.commun.saisies import nul, saisie

#: Première année d'exposition (loi n° 2014-40 : C3P au 1er janvier 2015).
PREMIERE_ANNEE = 2015

#: Facteurs de risques en vigueur depuis le 1er octobre 2017 : (nom, ((variable saisie, clé du seuil), …)).
#: Un facteur à deux critères (bruit) est retenu si l'un des deux seuils est atteint (D4163-2 1° c).
#: Les quatre facteurs du 1er juillet 2016 au 30 septembre 2017 (D4161-2, version 2015-2017) ferment la liste.
FACTEURS = (
    ("travail_nuit", (("c2p_nuits_travail_nuit", "travail_nuit_nuits"),)),
    (
        "equipes_alternantes",
        (("c2p_nuits_equipes_alternantes", "equipes_alternantes_nuits"),),
    ),
    (
        "travail_repetitif",
        (("c2p_heures_travail_repetitif", "travail_repetitif_heures"),),
    ),
    ("hyperbare", (("c2p_nb_interventions_hyperbares", "hyperbare_interventions"),)),
    (
        "temperatures_extremes",
        (("c2p_heures_temperatures_extremes", "temperatures_extremes_heures"),),
    ),
    (
        "bruit",
        (
            ("c2p_heures_bruit", "bruit_81db_heures"),
            ("c2p_nb_cretes_bruit", "bruit_135db_crete_fois"),
        ),
    ),
    (
        "manutention_manuelle",
        (
            ("c2p_heures_manutention_manuelle", "manutention_manuelle_heures"),
            ("c2p_jours_manutention_7_5_tonnes", "manutention_manuelle_jours"),
        ),
    ),
    ("postures_penibles", (("c2p_heures_postures_penibles", "postures_penibles_heures"),)),
    ("vibrations_mecaniques", (("c2p_heures_vibrations_mecaniques", "vibrations_mecaniques_heures"),)),
    ("agents_chimiques", (("c2p_heures_agents_chimiques", "agents_chimiques_heures"),)),
)

#: Variables journalières dont les dates de saisie rythment le rejeu.
VARIABLES_UTILISATION = (
    "c2p_points_utilises_formation",
    "c2p_points_utilises_temps_partiel",
    "c2p_points_utilises_retraite",
)


class SituationContratReforme(Enum):
    """Position du contrat par rapport au 1er septembre 2023 (seuils de nuit de l'année de transition)."""

    a_cheval = "Contrat couvrant toute l'année ou à cheval sur le 1er septembre (seuils transitoires)"
    avant_reforme = "Contrat entièrement compris entre le 1er janvier et le 31 août (anciens seuils)"
    apres_reforme = "Contrat entièrement compris entre le 1er septembre et le 31 décembre (nouveaux seuils)"


class MotifRefusC2P(Enum):
    """Raison pour laquelle une utilisation de points est refusée (aucun : accordée ou pas de demande)."""

    aucun = "Aucun refus : utilisation accordée, ou pas de demande"
    points_non_entiers = "Le nombre de points demandé n'est pas entier"
    tranche_de_points = "Les points ne sont pas demandés par tranches entières (R4163-12, R4163-11)"
    reduction_absente = "La réduction du temps de travail n'est pas renseignée"
    quotite_hors_bornes = "Durée de travail après réduction hors des bornes de D4163-25 (20 % à 80 %)"
    plafond_avant_age_limite = "Points pour le temps partiel au-delà du maximum avant 60 ans (D4163-13-1)"
    age_minimum_retraite = "Âge inférieur à l'âge minimum de l'utilisation retraite (L4163-7)"
    plafond_trimestres_retraite = "Trimestres au-delà du maximum de la carrière (R4163-11)"
    solde_insuffisant = "Solde de points insuffisant à la date de la demande"
    points_reserves_formation = "Points réservés à la formation (R4163-13)"


# --- Outils de dates -------------------------------------------------------------------------


def annee_et_mois_jour(naissance):
    """Année de naissance et mois×100+jour, vectorisés, depuis un tableau datetime64 (conversion gardée, ouverture.py)."""
    _, annee, mois_jour, _ = naissances_decomposees(naissance)
    return annee, mois_jour


def age_au(naissance, instant):
    """Âge en années révolues à la date `instant` (date ou Instant OpenFisca)."""
    return _age(*annee_et_mois_jour(naissance), instant)


def _age(annee, mois_jour, instant):
    return (instant.year - annee - (mois_jour > instant.month * 100 + instant.day)).astype(np.int64)


# --- Acquisition -----------------------------------------------------------------------------


def _parametres(individu, instant):
    return individu.simulation.tax_benefit_system.get_parameters_at_instant(instant)


def instant_regle_points(individu, annee):
    """Date de lecture des règles de points d'une année d'exposition (c2p.points.regle_au_31_decembre)."""
    au_31 = _parametres(individu, f"{annee}-01-01").c2p.points.regle_au_31_decembre
    return f"{annee}-12-31" if au_31 else f"{annee}-01-01"


def seuil(individu, annee, cle):
    """Seuil annuel d'un critère pour l'année d'exposition (scalaire, tableau, ou None si non en vigueur).

    Année de transition (seuils de c2p.seuils.annee_transition définis au 1er janvier) : 113/43 nuits pour
    un contrat couvrant toute l'année ou à cheval sur le 1er septembre 2023, l'ancien seuil pour un contrat
    entièrement antérieur, le nouveau pour un contrat entièrement postérieur (ameli).
    """
    debut = _parametres(individu, f"{annee}-01-01").c2p.seuils
    fin = _parametres(individu, f"{annee}-12-31").c2p.seuils
    transition = getattr(debut.annee_transition, cle, None)
    if transition is None:
        valeur = getattr(fin, cle, None)
        if valeur is None and getattr(
            _parametres(individu, f"{annee}-01-01").c2p.points, "annee_de_suppression_creditee", False
        ):
            # Facteur retiré en cours d'année (1er octobre 2017) : seuil d'avant le retrait, si la lecture le retient.
            valeur = getattr(debut, cle, None)
        return valeur
    situation = np.asarray(individu("c2p_situation_contrat_reforme_seuils", str(annee)).view(np.ndarray))
    return np.select(
        [
            situation == SituationContratReforme.avant_reforme.index,
            situation == SituationContratReforme.apres_reforme.index,
        ],
        [getattr(debut, cle), getattr(fin, cle)],
        transition,
    )


def mois_en_vigueur(individu, annee, cle):
    """Mois de l'année au premier jour desquels le seuil du critère est en vigueur (6 en 2016 pour les facteurs du 1er juillet)."""
    return sum(
        getattr(_parametres(individu, f"{annee}-{mois:02d}-01").c2p.seuils, cle, None) is not None
        for mois in range(1, 13)
    )


def expositions(individu, annee):
    """Pour chaque facteur : (exposé au-delà du seuil, nombre de périodes complètes de trois mois).

    Les mois d'exposition (c2p_mois_exposition, contrats d'au moins un mois) sont bornés aux mois où le
    facteur est en vigueur ; seules les périodes complètes comptent (R4163-9 II). Un facteur dont
    aucune variable n'a été saisie, ou auquel personne n'est exposé, est omis (aucun effet).
    """
    duree = _parametres(individu, instant_regle_points(individu, annee)).c2p.points.duree_periode_mois
    mois = saisie(individu, "c2p_mois_exposition", str(annee))  # float32, relu aux seuls indices exposés
    resultat = []
    for _nom, criteres in FACTEURS:
        expose = None
        en_vigueur = 0
        for variable, cle in criteres:
            quantite = saisie(individu, variable, str(annee))
            if quantite is None:
                continue
            valeur_seuil = seuil(individu, annee, cle)
            if valeur_seuil is None:
                continue
            en_vigueur = max(en_vigueur, mois_en_vigueur(individu, annee, cle))
            au_seuil = atteint(quantite, valeur_seuil)
            expose = au_seuil if expose is None else expose | au_seuil
        if expose is None or not expose.any():
            continue
        # Périodes complètes pour les seules personnes exposées (une minorité), zéro ailleurs.
        indices = np.flatnonzero(expose)
        mois_exposes = 12.0 if mois is None else np.clip(en_float64(mois[indices]), 0, 12)
        periodes = np.zeros(individu.count)
        periodes[indices] = np.floor(np.round(np.minimum(mois_exposes, en_vigueur) / duree, 6))
        resultat.append((expose, periodes))
    return resultat


def nb_facteurs(individu, annee):
    """Nombre de facteurs dont le seuil annuel est atteint (D4163-2)."""
    return sum(
        (expose.astype(np.int64) for expose, _ in expositions(individu, annee)),
        np.zeros(individu.count, dtype=np.int64),
    )


def points_acquis(individu, annee):
    """Points acquis au titre de l'année d'exposition, avant plafond de carrière (R4163-9, R4163-10).

    Règle jusqu'au 31 août 2023 : par période de trois mois, 1 point par facteur, au plus 2. Depuis le
    1er septembre 2023 : 1 point par facteur et par période, sans maximum. Pour des facteurs d'inégales
    durées, chaque période k compte les facteurs exposés au moins k périodes (Derived).
    """
    p = _parametres(individu, instant_regle_points(individu, annee)).c2p.points
    facteurs = expositions(individu, annee)
    resultat = np.zeros(individu.count)
    if not facteurs:
        return resultat
    # Calcul sur les seules personnes exposées à au moins un facteur (une minorité), recopié à leur place.
    indices = np.flatnonzero(np.logical_or.reduce([expose for expose, _ in facteurs]))
    periodes = [periodes[indices] for _, periodes in facteurs]
    maximum = getattr(p, "max_par_periode", None)
    if maximum is None:
        points = p.par_periode_par_facteur * sum(periodes)
    else:
        nb_periodes = int(12 // p.duree_periode_mois)
        points = sum(
            np.minimum(
                p.par_periode_par_facteur * sum((n >= k).astype(np.int64) for n in periodes),
                maximum,
            )
            for k in range(1, nb_periodes + 1)
        )
    naissance = individu("date_naissance", str(annee))[indices]
    doubles = naissance < np.datetime64(p.doublement.ne_avant)
    resultat[indices] = np.where(doubles, p.doublement.coefficient, 1) * points
    return resultat


def plafond_carriere(individu, annee):
    """Plafond du cumul des points acquis applicable à l'année d'exposition (None : pas de plafond)."""
    return getattr(
        _parametres(individu, instant_regle_points(individu, annee)).c2p.points,
        "plafond_carriere",
        None,
    )


# --- Rejeu des utilisations -----------------------------------------------------------------


def jours_de_demande(individu, annee, jusqu_au=None):
    """Jours de l'année où une utilisation est saisie (et `jusqu_au` lui-même), dans l'ordre chronologique."""
    jours = set()
    for nom in VARIABLES_UTILISATION:
        for periode in individu.get_holder(nom).get_known_periods():
            if (
                periode.unit == DateUnit.DAY
                and periode.start.year == annee
                and (jusqu_au is None or periode.start <= jusqu_au.start)
            ):
                jours.add(periode)
    if jusqu_au is not None:
        jours.add(jusqu_au)
    return sorted(jours, key=lambda p: p.start)


def age_limite_temps_partiel(individu, instant):
    """Âge limite du maximum de points pour le temps partiel ; avant son entrée en vigueur, sa première valeur.

    Les points utilisés avant 60 ans comptent même s'ils l'ont été avant le 1er septembre 2023 (Derived).
    """
    p = _parametres(individu, instant).c2p.utilisation.temps_partiel
    age = getattr(p, "age_limite", None)
    if age is None:
        parametre = individu.simulation.tax_benefit_system.parameters.c2p.utilisation.temps_partiel.age_limite
        age = next(v.value for v in reversed(parametre.values_list) if v.value is not None)
    return age


def _refus(conditions, motifs):
    """Premier motif dont la condition est vraie, sinon « aucun » (indices de MotifRefusC2P)."""
    return np.select(conditions, [m.index for m in motifs], MotifRefusC2P.aucun.index).astype(np.int16)


def _entier(x):
    return np.abs(x - np.round(x)) < 1e-6


def _multiple(x, pas):
    return _entier(x / pas)


class EtatC2P:
    """État du compte pendant le rejeu (tableaux sur les personnes)."""

    def __init__(self, n):
        self.solde = np.zeros(n)
        self.cumul_acquis = np.zeros(n)
        self.cumul_formation = np.zeros(n)
        self.cumul_temps_partiel_avant_age = np.zeros(n)
        self.cumul_retraite = np.zeros(n)
        self.utilises_annee = np.zeros(n)
        self.decisions = None

    def remplacer(self, masque, solde):
        """Solde connu : l'historique antérieur est ignoré (réserve intacte, aucune utilisation passée)."""
        self.solde = np.where(masque, solde, self.solde)
        self.cumul_acquis = np.where(masque, solde, self.cumul_acquis)
        for nom in ("cumul_formation", "cumul_temps_partiel_avant_age", "cumul_retraite"):
            setattr(self, nom, np.where(masque, 0, getattr(self, nom)))


def _demande(individu, nom, jour):
    """Demande du jour telle que rangée (float32), ou None si personne ne demande rien ce jour-là.

    Relue en float64 (en_float64) aux seuls indices des demandeurs.
    """
    demande = saisie(individu, nom, jour)
    if demande is None or not (demande > 0).any():
        return None
    return demande


#: Champs de l'état que les décisions d'un jour modifient.
CHAMPS_DECISION = ("solde", "cumul_formation", "cumul_temps_partiel_avant_age", "cumul_retraite", "utilises_annee")

#: Demandes du jour : (variable journalière, clé des décisions).
DEMANDES = (
    ("c2p_points_utilises_formation", "formation"),
    ("c2p_points_utilises_temps_partiel", "temps_partiel"),
    ("c2p_points_utilises_retraite", "retraite"),
)


def decider_jour(individu, jour, etat, naissance, reserve):
    """Applique les demandes d'un jour, dans l'ordre formation, temps partiel, retraite ; renvoie les décisions.

    Une demande non permise est refusée en entier (0 point débité) avec son motif. Une utilisation
    que personne ne demande ce jour-là n'est pas évaluée (aucun refus, rien d'accordé). Les conditions
    ne sont évaluées que pour les personnes qui demandent quelque chose ce jour-là (une minorité),
    puis les décisions et l'état sont recopiés à leur place.
    """
    n = individu.count
    decisions = {}
    for _, cle in DEMANDES:
        decisions[f"accorde_{cle}"] = np.zeros(n)
        decisions[f"motif_{cle}"] = np.full(n, MotifRefusC2P.aucun.index, dtype=np.int16)
    demandes = {cle: _demande(individu, nom, jour) for nom, cle in DEMANDES}
    presentes = [demande > 0 for demande in demandes.values() if demande is not None]
    if not presentes:
        return decisions
    indices = np.flatnonzero(np.logical_or.reduce(presentes))
    sous_etat = EtatC2P(0)
    for champ in CHAMPS_DECISION:
        setattr(sous_etat, champ, getattr(etat, champ)[indices])
    sous_demandes = {
        cle: None if demande is None else en_float64(demande[indices]) for cle, demande in demandes.items()
    }
    annee_naissance, mois_jour = annee_et_mois_jour(naissance)
    age = _age(annee_naissance[indices], mois_jour[indices], jour.start)
    sous_decisions = _decider(individu, jour, sous_etat, age, reserve[indices], sous_demandes, indices)
    for cle, valeurs in sous_decisions.items():
        decisions[cle][indices] = valeurs
    for champ in CHAMPS_DECISION:
        avant, apres = getattr(etat, champ), getattr(sous_etat, champ)
        if np.array_equal(avant[indices], apres):
            continue  # champ que les demandes du jour n'ont pas changé
        complet = avant.copy()  # un état peut partager ses tableaux (cumuls repris du holder) : copie
        complet[indices] = apres
        setattr(etat, champ, complet)
    return decisions


def _decider(individu, jour, etat, age, reserve, demandes, indices):
    """Décisions d'un jour pour les seules personnes `indices` (état, âges, réserve et demandes déjà réduits)."""
    p = _parametres(individu, jour.start).c2p.utilisation
    n = len(indices)
    aucun = np.full(n, MotifRefusC2P.aucun.index, dtype=np.int16)
    rien = np.zeros(n)

    # Formation (R4163-11 1°) : point par point, sur tout le solde, réserve comprise.
    demande_f = demandes["formation"]
    if demande_f is None:
        motif_f, accorde_f = aucun, rien
    else:
        motif_f = _refus(
            [
                demande_f <= 0,
                ~_entier(demande_f),
                demande_f > etat.solde,
            ],
            [MotifRefusC2P.aucun, MotifRefusC2P.points_non_entiers, MotifRefusC2P.solde_insuffisant],
        )
        accorde_f = np.where((demande_f > 0) & (motif_f == MotifRefusC2P.aucun.index), demande_f, 0)
        etat.solde = etat.solde - accorde_f
        etat.cumul_formation = etat.cumul_formation + accorde_f

    # Temps partiel (R4163-12, D4163-25, D4163-26, D4163-13-1) : par tranches, hors points réservés.
    tp = p.temps_partiel
    demande_t = demandes["temps_partiel"]
    if demande_t is None:
        motif_t, accorde_t = aucun, rien
    else:
        reduction = en_float64(individu("c2p_taux_reduction_temps_travail", jour)[indices])
        quotite = en_float64(individu("c2p_quotite_travail_anterieure", jour)[indices])
        restante = np.round(quotite - reduction, 4)
        utilisable = np.maximum(etat.solde - np.maximum(reserve - etat.cumul_formation, 0), 0)
        avant_age = age < age_limite_temps_partiel(individu, jour.start)
        maximum_avant_age = getattr(tp, "max_points_avant_age_limite", None)
        depasse_maximum = (
            np.zeros(n, dtype=bool)
            if maximum_avant_age is None
            else avant_age & (etat.cumul_temps_partiel_avant_age + demande_t > maximum_avant_age)
        )
        motif_t = _refus(
            [
                demande_t <= 0,
                ~_multiple(demande_t, tp.points_par_tranche),
                reduction <= 0,
                (restante < tp.quotite_minimale) | (restante > tp.quotite_maximale),
                depasse_maximum,
                demande_t > etat.solde,
                demande_t > utilisable,
            ],
            [
                MotifRefusC2P.aucun,
                MotifRefusC2P.tranche_de_points,
                MotifRefusC2P.reduction_absente,
                MotifRefusC2P.quotite_hors_bornes,
                MotifRefusC2P.plafond_avant_age_limite,
                MotifRefusC2P.solde_insuffisant,
                MotifRefusC2P.points_reserves_formation,
            ],
        )
        accorde_t = np.where((demande_t > 0) & (motif_t == MotifRefusC2P.aucun.index), demande_t, 0)
        etat.solde = etat.solde - accorde_t
        etat.cumul_temps_partiel_avant_age = etat.cumul_temps_partiel_avant_age + np.where(avant_age, accorde_t, 0)

    # Retraite (R4163-11 3°, L4163-7) : 10 points par trimestre, au plus 8 trimestres, à partir de 55 ans.
    pr = p.retraite
    demande_r = demandes["retraite"]
    if demande_r is None:
        motif_r, accorde_r = aucun, rien
    else:
        utilisable = np.maximum(etat.solde - np.maximum(reserve - etat.cumul_formation, 0), 0)
        motif_r = _refus(
            [
                demande_r <= 0,
                ~_multiple(demande_r, pr.points_par_trimestre),
                age < pr.age_minimum,
                etat.cumul_retraite + demande_r > pr.max_trimestres * pr.points_par_trimestre + 1e-6,
                demande_r > etat.solde,
                demande_r > utilisable,
            ],
            [
                MotifRefusC2P.aucun,
                MotifRefusC2P.tranche_de_points,
                MotifRefusC2P.age_minimum_retraite,
                MotifRefusC2P.plafond_trimestres_retraite,
                MotifRefusC2P.solde_insuffisant,
                MotifRefusC2P.points_reserves_formation,
            ],
        )
        accorde_r = np.where((demande_r > 0) & (motif_r == MotifRefusC2P.aucun.index), demande_r, 0)
        etat.solde = etat.solde - accorde_r
        etat.cumul_retraite = etat.cumul_retraite + accorde_r

    etat.utilises_annee = etat.utilises_annee + accorde_f + accorde_t + accorde_r
    return {
        "accorde_formation": accorde_f,
        "motif_formation": motif_f,
        "accorde_temps_partiel": accorde_t,
        "motif_temps_partiel": motif_t,
        "accorde_retraite": accorde_r,
        "motif_retraite": motif_r,
    }


_DERNIERE_RESERVE = (None, None, None)


def points_reserves(individu, naissance):
    """Premiers points réservés à la formation selon l'année de naissance (R4163-13).

    Le dernier résultat est gardé pour le même tableau de naissances et le même barème (une fois par
    simulation plutôt qu'à chaque année et chaque jour rejoués) ; lecture seule.
    """
    global _DERNIERE_RESERVE
    bareme = individu.simulation.tax_benefit_system.get_parameters_at_instant(
        "2015-01-01"
    ).c2p.utilisation.reserve_formation
    tableau, bareme_garde, resultat = _DERNIERE_RESERVE
    if tableau is naissance and bareme_garde is bareme:
        return resultat
    annee_naissance, _ = annee_et_mois_jour(naissance)
    resultat = bareme.calc(annee_naissance.astype(np.float64))
    resultat.setflags(write=False)
    _DERNIERE_RESERVE = (naissance, bareme, resultat)
    return resultat


#: Cumuls de carrière rangés chaque fin d'année : (attribut de EtatC2P, variable YEAR).
CUMULS = (
    ("cumul_acquis", "c2p_cumul_points_acquis"),
    ("cumul_formation", "c2p_cumul_points_formation"),
    ("cumul_temps_partiel_avant_age", "c2p_cumul_points_temps_partiel_avant_age"),
    ("cumul_retraite", "c2p_cumul_points_retraite"),
)


def etat_fin_annee(individu, annee, solde=None, cumuls=True):
    """État du compte au 31 décembre de `annee`, relu dans les holders (zéros avant 2015).

    Lecture du cache seulement (jamais une formule d'une année antérieure, qui serait un piège de
    spirale). Un cumul absent (solde de `annee` saisi par l'utilisateur) est repris comme un solde
    connu : cumul des acquis = solde, autres cumuls nuls. `cumuls` faux : seuls le solde et le cumul
    des acquis sont relus en float64 ; les cumuls des utilisations restent les tableaux du holder
    (une année sans demande ne les change pas, ils sont rangés tels quels pour l'année suivante).
    """
    etat = EtatC2P(individu.count)
    if annee < PREMIERE_ANNEE:
        return etat
    periode = periods.period(str(annee))
    if solde is None:
        solde = en_float64(individu("c2p_solde_points", str(annee)))
    etat.solde = solde
    for attribut, nom in CUMULS:
        valeur = individu.get_holder(nom).get_array(periode)
        if valeur is not None:
            # Points entiers : exacts en float32.
            setattr(
                etat, attribut, np.asarray(valeur, dtype=np.float64) if cumuls or attribut == "cumul_acquis" else valeur
            )
        elif attribut == "cumul_acquis":
            etat.cumul_acquis = solde.copy()  # tableaux distincts : le pas les complète en place
    return etat


def _pas(individu, annee, solde):
    """Une année : demandes accordées dans l'ordre des dates, puis points acquis dans le plafond de carrière."""
    jours = jours_de_demande(individu, annee)
    annee_connue = saisie(individu, "c2p_annee_solde_points_initial", str(annee))
    connu = None if annee_connue is None else annee_connue == annee
    if connu is not None and not connu.any():
        connu = None
    # Une année sans demande ni solde connu ne change pas les cumuls des utilisations : pas relus.
    etat = etat_fin_annee(individu, annee - 1, solde, cumuls=bool(jours) or connu is not None)
    etat.utilises_annee = nul(individu)  # points entiers : exacts en float32, rangés sans conversion
    if jours:
        naissance = individu("date_naissance", str(annee))
        reserve = points_reserves(individu, naissance)
        for jour_demande in jours:
            decider_jour(individu, jour_demande, etat, naissance, reserve)
    # Points acquis : une minorité de personnes exposées ; crédit et plafond de carrière à leurs seuls indices.
    acquis = individu("c2p_points_acquis", str(annee))
    indices = np.flatnonzero(acquis)
    credit, ecretes = nul(individu), nul(individu)  # points entiers : exacts en float32
    if indices.size:
        acquis_exposes = en_float64(acquis[indices])
        credit_exposes = acquis_exposes
        plafond = plafond_carriere(individu, annee)
        if plafond is not None:
            credit_exposes = np.minimum(acquis_exposes, np.maximum(plafond - etat.cumul_acquis[indices], 0))
        credit[indices] = credit_exposes
        ecretes[indices] = acquis_exposes - credit_exposes
        # Solde et cumul : tableaux de ce déroulé (fin de l'année précédente, déjà rangés en float32), complétés en place.
        etat.solde[indices] += credit_exposes
        etat.cumul_acquis[indices] += credit_exposes
    reprise = nul(individu)
    if connu is not None:
        solde_connu = en_float64(individu("c2p_solde_points_initial", str(annee)))
        reprise = np.where(connu, solde_connu - etat.solde, 0)
        etat.remplacer(connu, solde_connu)
    mouvements = {
        "c2p_points_utilises": etat.utilises_annee,
        "c2p_points_credites": credit,
        "c2p_points_ecretes": ecretes,
        "c2p_reprise_solde_connu": reprise,
    }
    mouvements.update({nom: getattr(etat, attribut) for attribut, nom in CUMULS})
    mouvements["c2p_solde_points"] = etat.solde
    return mouvements


#: Compte de points : débit des utilisations accordées, crédit des points acquis dans le plafond de carrière.
C2P = Compte(solde="c2p_solde_points", premiere_annee=PREMIERE_ANNEE, pas=_pas, decimales=4)


def valeur(individu, nom, annee):
    """Mouvement, cumul ou solde `nom` du C2P pour l'année (formules des variables)."""
    return mouvement(individu, C2P, nom, annee)


def etat_au_jour(individu, jour):
    """État du compte au jour `jour` (Period DAY), après les demandes de l'année jusqu'à ce jour inclus.

    Part de l'état au 31 décembre de l'année précédente (rangé dans les holders), décisions du jour
    dans `etat.decisions`.
    """
    annee = jour.start.year
    naissance = individu("date_naissance", str(annee))
    reserve = points_reserves(individu, naissance)
    etat = etat_fin_annee(individu, annee - 1)
    etat.utilises_annee = np.zeros(individu.count)
    for jour_demande in jours_de_demande(individu, annee, jour):
        etat.decisions = decider_jour(individu, jour_demande, etat, naissance, reserve)
    return etat


#: Décisions d'un jour rangées ensemble dans les holders : (clé des décisions, variable DAY).
DECISIONS = tuple(
    (f"{quoi}_{cle}", f"c2p_{variable}_{cle}")
    for _, cle in DEMANDES
    for quoi, variable in (("motif", "motif_refus"), ("accorde", "points_accordes"))
)


def decision(individu, nom, jour):
    """Décision `nom` (variable DAY : motif de refus ou points accordés) pour le jour `jour`.

    Au premier calcul d'un jour, l'état est rejoué une fois (etat_au_jour) et toutes les décisions de ce
    jour sont rangées dans leurs holders : les autres variables du jour les relisent sans nouveau rejeu.
    """
    holder = individu.get_holder(nom)
    valeur = holder.get_array(jour)
    if valeur is None:
        decisions = etat_au_jour(individu, jour).decisions
        for cle, variable in DECISIONS:
            holder_decision = individu.get_holder(variable)
            if holder_decision.get_array(jour) is None:
                holder_decision.put_in_cache(decisions[cle], jour)
        valeur = holder.get_array(jour)
    return valeur


def coefficient_reduction(reduction, quotite):
    """Coefficient de D4163-26 : réduction / durée antérieure, arrondi au centième le plus proche (demi vers le haut)."""
    rapport = np.divide(reduction, quotite, out=np.zeros(len(reduction)), where=quotite > 0)
    return np.floor(np.round(rapport * 100, 6) + 0.5) / 100
