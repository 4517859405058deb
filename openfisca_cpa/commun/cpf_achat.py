"""Achat d'une action avec le CPF à une date : énumérations et répartition du financement.

Calcul (cpa_law.md §2.8, V-sec pour la mécanique, textes V-off) pour un achat non exonéré :
droits mobilisés = min(solde, plafond de l'action, max(0, prix - participation - cofinancements)),
le titulaire payant le reste. Droits suffisants : il paie exactement la participation ; droits
insuffisants de plus que la participation : il paie l'écart sans participation en plus ; prix inférieur
à la participation : il paie tout le prix et aucun droit n'est mobilisé.
"""

import numpy as np
from openfisca_core.model_api import Enum

from openfisca_cpa.commun.arrondis import en_float64


class TypeActionCPF(Enum):
    """Nature de l'action achetée, pour les plafonds et conditions propres à certaines actions."""

    autre = "Autre action éligible (certification du RNCP, VAE, création d'entreprise…)"
    repertoire_specifique = "Certification ou habilitation du répertoire spécifique, hors CléA et socle"
    socle_clea = "Certification CléA ou socle de connaissances et de compétences"
    bilan_competences = "Bilan de compétences"
    permis_groupe_leger = "Permis du groupe léger (AM, A1, A2, A, B1, B), hors BE"
    permis_be = "Permis BE (groupe léger)"
    permis_groupe_lourd = "Permis du groupe lourd"


class MotifRefusAchatCPF(Enum):
    """Raison pour laquelle les droits du CPF ne peuvent pas financer l'achat (aucun : éligible ou pas d'achat)."""

    aucun = "Aucun refus : achat éligible, ou pas d'achat"
    permis_deja_detenu = "Permis du groupe léger pour un titulaire d'un permis valide (D6323-8)"
    permis_sans_cofinancement = (
        "Permis du groupe léger sans cofinancement d'un tiers, hors demandeur d'emploi (L6323-6 II 4°)"
    )
    permis_cofinancement_insuffisant = (
        "Cofinancement d'un tiers inférieur au minimum pour un permis du groupe léger (D6323-8)"
    )
    bilan_deja_finance = "Bilan de compétences financé dans les cinq ans : droits statutaires exclus (D6323-6)"
    droits_cpf_retraite = (
        "Titulaire remplissant les conditions de L5421-4 1° à 3° (retraite) : droits statutaires et crédits du CPF "
        "non mobilisables, seul le CEC peut payer (L6323-3 al. 3 et 4)"
    )


#: Motifs qui rendent l'action inéligible au CPF tout entier (les autres n'excluent que les droits statutaires).
MOTIFS_INELIGIBILITE = (
    MotifRefusAchatCPF.permis_deja_detenu,
    MotifRefusAchatCPF.permis_sans_cofinancement,
    MotifRefusAchatCPF.permis_cofinancement_insuffisant,
)


def indices(tableau_enum):
    """Indices entiers d'un EnumArray."""
    return np.asarray(tableau_enum.view(np.ndarray))


def est(tableau_enum, *membres):
    """Vrai là où l'EnumArray vaut l'un des membres."""
    codes = indices(tableau_enum)
    return np.isin(codes, [m.index for m in membres])


def plafond_droits_statutaires(type_action, p_usage):
    """Plafond des droits statutaires par action (D6323-1 A) ; infini si l'action n'est pas plafonnée à cette date."""
    p = getattr(p_usage, "plafond_droits", None)
    plafond = np.full(len(type_action), np.inf)
    if p is None:
        return plafond
    for membres, cle in (
        ((TypeActionCPF.repertoire_specifique,), "repertoire_specifique"),
        ((TypeActionCPF.bilan_competences,), "bilan_competences"),
        (
            (TypeActionCPF.permis_groupe_leger, TypeActionCPF.permis_be),
            "permis_groupe_leger",
        ),
    ):
        valeur = getattr(p, cle, None)
        if valeur is not None:
            plafond = np.where(est(type_action, *membres), valeur, plafond)
    return plafond


def date_moins_annees(instant, annees):
    """La même date `annees` années plus tôt (un 29 février devient le 1er mars)."""
    debut_mois = np.datetime64(f"{instant.year - int(annees):04d}-{instant.month:02d}-01")
    return debut_mois + np.timedelta64(instant.day - 1, "D")


def repartition(individu, period, parameters, statutaire_disponible, credits_disponibles, cec_disponible):
    """(droits statutaires, crédits de tiers, droits CEC) utilisés pour l'achat du jour `period`.

    `parameters` : fonction instant -> paramètres. Les disponibles sont ceux du compte juste avant l'achat
    (commun/plan.py). Les abondements et cofinancements liés à l'action (employeur, OPCO, points C2P, AT/MP,
    autres tiers) sont les montants accordés pour cette action : ils sont déduits du prix d'abord (lecture de
    cpa_law.md §2.8), puis la participation forfaitaire reste due par le titulaire. Le besoin restant est couvert
    par les compteurs du compte dans l'ordre de R6333-3 : jusqu'au 4 décembre 2025 les droits statutaires puis
    les crédits de tiers inscrits au compte ; depuis le 5 décembre 2025 les crédits de tiers d'abord. Après la
    cessation pour retraite (cpf_droits_mobilisables faux, L6323-3 al. 3), ni les uns ni les autres. Les droits
    du CEC, inscrits sur le CPF et acquis par le titulaire, complètent ensuite (lecture retenue : aucun texte lu ne
    les place ; ils ne sont pas visés par les plafonds par action). Le plafond par action (D6323-1 A) ne vise que
    les droits statutaires.
    """
    p = parameters(period.start).cpf.usage
    prix = np.maximum(en_float64(individu("cpf_prix_formation", period)), 0)
    cofinancement = np.minimum(en_float64(individu("cpf_achat_cofinancement_tiers", period)), prix)
    participation = en_float64(individu("cpf_achat_participation_forfaitaire", period))
    besoin = np.maximum(np.round(prix - cofinancement - participation, 6), 0)

    motif = individu("cpf_achat_motif_refus", period)
    eligible = individu("cpf_achat_eligible", period)
    # L6323-3 al. 3 : après la cessation pour retraite, ni droits statutaires ni crédits ; le CEC reste (al. 4).
    mobilisables = np.asarray(individu("cpf_droits_mobilisables", period), dtype=bool)
    statutaire_disponible = np.where(
        est(motif, MotifRefusAchatCPF.bilan_deja_finance) | ~mobilisables,
        0,
        np.maximum(statutaire_disponible, 0),
    )
    plafond = plafond_droits_statutaires(individu("cpf_achat_type_action", period), p)
    statutaire_disponible = np.minimum(statutaire_disponible, plafond)
    credits_disponibles = np.where(mobilisables, np.maximum(credits_disponibles, 0), 0)

    if getattr(p, "credits_tiers_avant_droits", None):
        credits = np.minimum(credits_disponibles, besoin)
        statutaire = np.minimum(statutaire_disponible, besoin - credits)
    else:
        statutaire = np.minimum(statutaire_disponible, besoin)
        credits = np.minimum(credits_disponibles, besoin - statutaire)
    cec = np.minimum(np.maximum(cec_disponible, 0), np.maximum(np.round(besoin - statutaire - credits, 6), 0))
    return tuple(np.round(np.where(eligible, montant, 0), 2) for montant in (statutaire, credits, cec))
