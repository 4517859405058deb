"""Identifiants publics du contrat v1 (contract.md) utilisés par les simulations de population.

Les sorties calculées sont celles du contrat qui existent dans le système au moment de
l'exécution : quand les variables du CEC et du C2P arrivent dans le modèle, elles sont
calculées sans changer ce module.
"""

from openfisca_core.periods import DateUnit

#: Entrées du contrat, dans l'ordre de contract.md.
ENTREES_CONTRAT = (
    "date_naissance",
    "heures_travaillees",
    "heures_absences_assimilees",
    "duree_travail_reference",
    "peu_qualifie",
    "beneficiaire_oeth",
    "travailleur_esat",
    "mois_activite_independante",
    "cpf_heures_dif",
    "cpf_droits_mobilises",
    "cec_service_civique_mois",
    "cec_reserve_militaire_jours",
    "cec_reserve_sanitaire_jours",
    "cec_maitre_apprentissage_mois",
    "cec_benevolat_heures",
    "cec_benevolat_heures_association_principale",
    "c2p_nuits_travail_nuit",
    "c2p_nuits_equipes_alternantes",
    "c2p_heures_travail_repetitif",
    "c2p_heures_temperatures_extremes",
    "c2p_heures_bruit",
    "c2p_nb_cretes_bruit",
    "c2p_nb_interventions_hyperbares",
    "c2p_mois_exposition",
    "c2p_points_utilises_formation",
    "c2p_points_utilises_temps_partiel",
    "c2p_taux_reduction_temps_travail",
    "cpf_prix_formation",
    "cpf_solde_disponible",
    "demandeur_emploi",
    # v2 : agents publics, ouverture et fin de l'alimentation.
    "agent_public",
    "agent_public_quotite",
    "agent_public_categorie_c",
    "apprenti",
    "date_liquidation_retraite",
    "retraite_taux_plein",
    "cpf_heures_public_mobilisees",
)

#: Sorties du contrat, dans l'ordre de contract.md.
SORTIES_CONTRAT = (
    "cpf_alimentation",
    "cpf_solde_heures",
    "cpf_solde",
    "cec_alimentation",
    "cec_solde",
    "c2p_points_acquis",
    "c2p_solde_points",
    "c2p_droits_formation",
    "c2p_jours_temps_partiel",
    "cpf_montant_mobilise",
    "cpf_reste_a_charge",
    # v2 : agents publics, ouverture et fin de l'alimentation.
    "cpf_compte_ouvert",
    "cpf_alimentation_heures_public",
    "cpf_solde_heures_public",
    "cpf_heures_convertibles",
    "cpf_euros_convertibles",
)

#: Soldes (stocks) : distribution, déciles, part au plafond.
SOLDES = ("cpf_solde", "cpf_solde_heures", "cec_solde", "c2p_solde_points", "cpf_solde_heures_public")

#: Flux annuels : totaux et coût d'une réforme.
FLUX = ("cpf_alimentation", "cec_alimentation", "c2p_points_acquis", "cpf_alimentation_heures_public")

#: Plafond applicable à chaque solde, pour la part au plafond : une variable du modèle, ou
#: « parametre:<chemin> » pour un paramètre (lu au 1er janvier de chaque année). Le plafond de
#: carrière du C2P porte sur les points acquis, pas sur le solde : pas de part au plafond.
PLAFONDS = {
    "cpf_solde": "cpf_plafond",
    "cpf_solde_heures": "cpf_plafond",
    "cec_solde": "parametre:cec.euros.plafond",
    "cpf_solde_heures_public": "cpf_plafond_heures_public",
}

#: Variables dont l'unité change au passage aux euros (contract.md) : heures jusqu'en 2018.
UNITE_HEURES_JUSQU_EN_2018 = ("cpf_alimentation", "cec_alimentation", "cpf_plafond")

_UNITES = {
    "currency-EUR": "€",
    "hour": "h",
    "point": "pts",
    "day": "j",
    "month": "mois",
    "year": "an",
    "/1": "",
}

#: Périodes qu'un fichier individu × année sait porter.
PERIODES_POPULATION = (DateUnit.YEAR, DateUnit.ETERNITY)


def sorties_disponibles(systeme, demandees=None):
    """Sorties à calculer : celles du contrat (ou `demandees`) présentes dans le système.

    Renvoie (sorties, ecartees) où `ecartees` associe chaque sortie non calculée à sa raison.
    Les sorties journalières (DAY) du contrat décrivent un achat ou un usage à une date : elles
    n'ont pas de sens pour un fichier individu × année et sont écartées avec leur raison.
    """
    candidates = list(demandees) if demandees else list(SORTIES_CONTRAT)
    sorties, ecartees = [], {}
    for nom in candidates:
        variable = systeme.variables.get(nom)
        if variable is None:
            ecartees[nom] = "absente du modèle"
        elif variable.definition_period not in PERIODES_POPULATION:
            ecartees[nom] = f"définie par {variable.definition_period.name} : hors d'une population individu × année"
        else:
            sorties.append(nom)
    return sorties, ecartees


def unite(systeme, nom, annee=None):
    """Unité lisible d'une variable pour une année (« h » jusqu'en 2018 pour l'alimentation du CPF)."""
    if nom in UNITE_HEURES_JUSQU_EN_2018 and annee is not None and annee <= 2018:
        return "h"
    variable = systeme.variables.get(nom)
    code = getattr(variable, "unit", None) if variable is not None else None
    if code is None and nom.startswith("c2p_") and "point" in nom:
        return "pts"
    return _UNITES.get(code, code or "")


def est_en_euros(systeme, nom, annee):
    """Vrai si la variable est exprimée en euros cette année-là (base du coût d'une réforme)."""
    return unite(systeme, nom, annee) == "€"
