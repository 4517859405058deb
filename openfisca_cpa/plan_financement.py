"""Plan de financement d'une formation : les lignes du plan lues dans les variables du modèle.

Une seule définition sert aux trois portes (API web /plan-de-financement, commande ``openfisca-cpa simuler
--formations``, Python) : les champs d'une demande de formation et les variables DAY qu'ils renseignent, les
sources de financement dans l'ordre où elles paient, et la lecture vectorisée de leurs montants dans une
simulation. Aucun montant n'est recalculé ici : chaque ligne est une variable du modèle (commun/plan.py,
commun/cpf_achat.py), sauf la découpe des cofinancements liés à l'action entre leurs financeurs, faite dans
l'ordre du tableau SOURCES dans la limite du prix (cpf_achat_cofinancement_tiers les additionne).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Champ:
    """Un champ d'une demande de formation et la variable DAY qu'il renseigne à la date de l'achat."""

    nom: str
    variable: str
    libelle: str


#: Champs d'une demande de formation (API : objet « formation » ; population : colonnes du fichier des demandes).
CHAMPS: tuple[Champ, ...] = (
    Champ("prix", "cpf_prix_formation", "prix de l'action, en euros (obligatoire, > 0)"),
    Champ("type_action", "cpf_achat_type_action", "nature de l'action (défaut : autre)"),
    Champ("demandeur_emploi", "demandeur_emploi", "demandeur d'emploi inscrit à la date de l'achat"),
    Champ("points_c2p", "c2p_points_utilises_formation", "points du C2P que le titulaire choisit d'utiliser"),
    Champ(
        "abondement_employeur",
        "cpf_achat_abondement_employeur",
        "montant versé par l'employeur, un accord ou l'OPCO pour l'action",
    ),
    Champ("abondement_atmp", "cpf_achat_abondement_atmp", "abondement AT/MP utilisé pour l'action"),
    Champ(
        "cofinancement_autres_tiers",
        "cpf_achat_cofinancement_autres_tiers",
        "montant versé par un autre tiers (État, région, France Travail, Agefiph…)",
    ),
    Champ("titulaire_permis_valide", "cpf_achat_titulaire_permis_valide", "le titulaire détient un permis valide"),
    Champ(
        "date_dernier_bilan_finance",
        "cpf_achat_date_dernier_bilan_finance",
        "date du dernier bilan de compétences financé par un financeur de L6316-1",
    ),
)
CHAMPS_PAR_NOM = {champ.nom: champ for champ in CHAMPS}


@dataclass(frozen=True)
class Source:
    """Une source de financement du plan, la variable DAY qui porte son montant et son rang dans la loi."""

    id: str
    libelle: str
    variable: str
    parametres: tuple[str, ...] = ()


#: Cofinancements liés à l'action : montants accordés pour elle, déduits du prix en premier, dans cet ordre.
COFINANCEMENTS: tuple[Source, ...] = (
    Source(
        "employeur",
        "Employeur, accord d'entreprise ou de branche, OPCO (L6323-4 II 2° et 3°)",
        "cpf_achat_abondement_employeur",
    ),
    Source(
        "c2p",
        "Points du compte professionnel de prévention (R4163-11 1°)",
        "c2p_droits_formation",
        ("c2p.utilisation.formation.euros_par_point",),
    ),
    Source(
        "atmp", "Abondement accident du travail ou maladie professionnelle (L432-12 CSS)", "cpf_achat_abondement_atmp"
    ),
    Source(
        "autres_tiers",
        "Autres tiers : État, région, France Travail, Agefiph, FAF, chambres, collectivités (L6323-4 II 6° à 12°)",
        "cpf_achat_cofinancement_autres_tiers",
    ),
)
STATUTAIRE = Source(
    "cpf_droits_statutaires",
    "Droits statutaires du CPF (L6323-11, L6323-27, L6323-34), dans le plafond par action",
    "cpf_achat_droits_statutaires_mobilises",
    ("cpf.usage.plafond_droits", "cpf.usage.credits_tiers_avant_droits"),
)
CREDITS = Source(
    "cpf_credits_tiers",
    "Crédits hors plafond inscrits au CPF : correctif, APC, AT/MP, L6323-4 III (R6333-3)",
    "cpf_achat_credits_tiers_mobilises",
    ("cpf.usage.credits_tiers_avant_droits",),
)
CEC = Source("cec", "Droits du compte d'engagement citoyen (D5151-14)", "cec_achat_droits_mobilises")
TITULAIRE = Source(
    "titulaire",
    "Reste à charge du titulaire, participation forfaitaire comprise (L6323-7, R6323)",
    "cpf_reste_a_charge",
    ("cpf.usage.participation_forfaitaire",),
)

#: Variables DAY lues pour un plan (lignes, refus, participation, disponibles).
VARIABLES_PLAN = (
    "cpf_prix_formation",
    "cpf_achat_eligible",
    "cpf_achat_motif_refus",
    "cpf_achat_participation_forfaitaire",
    "cpf_achat_participation_exoneree",
    "cpf_achat_cofinancement_tiers",
    "cpf_solde_disponible",
    "cpf_achat_credits_tiers_disponibles",
    "cec_solde_disponible",
    "c2p_points_disponibles",
    "c2p_points_accordes_formation",
    "c2p_motif_refus_formation",
    *(source.variable for source in COFINANCEMENTS),
    STATUTAIRE.variable,
    CREDITS.variable,
    CEC.variable,
    "cpf_montant_mobilise",
    TITULAIRE.variable,
)


def sources_dans_l_ordre(systeme, jour) -> tuple[Source, ...]:
    """Les sources dans l'ordre où elles paient à la date `jour` (R6333-3 : crédits de tiers d'abord depuis le 5 décembre 2025)."""
    usage = systeme.get_parameters_at_instant(str(jour)).cpf.usage
    credits_d_abord = bool(getattr(usage, "credits_tiers_avant_droits", False))
    compte = (CREDITS, STATUTAIRE) if credits_d_abord else (STATUTAIRE, CREDITS)
    return (*COFINANCEMENTS, *compte, CEC, TITULAIRE)


def montants(simulation, jour) -> dict[str, np.ndarray]:
    """Montant payé par chaque source pour l'achat du jour `jour`, en float64 au centime, pour chaque personne.

    Les cofinancements liés à l'action sont pris dans l'ordre de COFINANCEMENTS dans la limite du prix ; un
    achat refusé (cpf_achat_eligible faux) n'a aucune ligne.
    """
    jour = str(jour)
    eligible = np.asarray(simulation.calculate("cpf_achat_eligible", jour), dtype=bool)
    prix = np.maximum(np.asarray(simulation.calculate("cpf_prix_formation", jour), dtype=np.float64), 0)
    reste = np.round(prix, 2)
    resultat: dict[str, np.ndarray] = {}
    for source in COFINANCEMENTS:
        valeur = np.maximum(np.asarray(simulation.calculate(source.variable, jour), dtype=np.float64), 0)
        valeur = np.minimum(np.round(valeur, 2), reste)
        reste = np.round(reste - valeur, 2)
        resultat[source.id] = np.where(eligible, valeur, 0.0)
    for source in (STATUTAIRE, CREDITS, CEC, TITULAIRE):
        valeur = np.round(np.asarray(simulation.calculate(source.variable, jour), dtype=np.float64), 2)
        resultat[source.id] = np.where(eligible, valeur, 0.0)
    return resultat


def entrees_de_la_demande(formation: dict, jour: str) -> dict[str, dict[str, object]]:
    """{variable: {jour: valeur}} pour les champs présents d'une demande déjà validée."""
    return {
        CHAMPS_PAR_NOM[nom].variable: {jour: valeur}
        for nom, valeur in formation.items()
        if nom in CHAMPS_PAR_NOM and valeur is not None
    }
