"""POPULATION INTERNE DE REPLI pour l'aperçu d'une modification (outils/apercu.py).

Ce n'est pas la population synthétique du projet (`openfisca_cpa/population/generateur.py`), que
l'aperçu utilise quand elle est importable. Ce petit échantillon de carrières variées, déterministe
(graine fixe) et non pondéré, ne sert que si elle ne l'est pas : les totaux sont alors ceux de
l'échantillon, pas de la France entière. Seules les entrées du contrat public (contract.md) sont renseignées.

`ajouter_achat` sert aux deux populations : un achat de formation daté, pour mesurer les règles
d'utilisation des droits (participation forfaitaire, plafonds par action).
"""

from __future__ import annotations

import dataclasses

import numpy as np

#: Profils de carrière et leur part dans l'échantillon.
PROFILS = {
    "salarié à temps plein": 0.34,
    "salarié à temps partiel (mi-temps ou plus)": 0.10,
    "salarié à moins d'un mi-temps": 0.10,
    "salarié peu qualifié": 0.12,
    "bénéficiaire de l'OETH": 0.06,
    "travailleur en ESAT": 0.03,
    "travailleur indépendant": 0.10,
    "carrière mixte (salarié puis indépendant)": 0.07,
    "sans activité": 0.08,
}

PREMIERE_ANNEE = 2015
#: Part des personnes qui achètent une formation avec leur CPF dans l'année (HYPOTHÈSE non sourcée).
PART_ACHETEURS = 0.05


@dataclasses.dataclass
class Population:
    """Entrées par variable et par période, prêtes pour `simulation.set_input`."""

    taille: int
    profils: np.ndarray | None  # libellé du profil de chaque personne (None : calculé par l'aperçu)
    entrees: dict[str, dict[str, np.ndarray]]
    description: str
    jour_achat: str = ""  # date de l'achat de formation simulé (entrées DAY), vide s'il n'y en a pas
    poids: np.ndarray | None = None  # pondération vers la population réelle, si la population en a une


def ajouter_achat(entrees: dict, annee: int, taille: int, graine: int = 2026) -> str:
    """Un achat de formation le 15 mars de `annee` pour 5 % des personnes.

    HYPOTHÈSES de l'aperçu, non sourcées, à remplacer par des données de la Caisse des dépôts : 5 % des
    personnes achètent une formation dans l'année, à un prix uniforme entre 90 € et 3 500 € ; 15 % des
    acheteurs sont demandeurs d'emploi (exonérés de la participation forfaitaire). Le solde disponible à
    l'achat est calculé par l'aperçu. Renvoie la date de l'achat.
    """
    alea = np.random.default_rng([graine, annee])
    jour = f"{annee}-03-15"
    achete = alea.random(taille) < PART_ACHETEURS
    entrees["cpf_prix_formation"] = {jour: np.round(np.where(achete, alea.uniform(90, 3500, taille), 0.0), 2)}
    entrees["demandeur_emploi"] = {jour: achete & (alea.random(taille) < 0.15)}
    return jour


def generer(annee: int, taille: int = 2000, graine: int = 2026) -> Population:
    """Carrières de 2015 à `annee` (incluse), vectorisées sur les personnes."""
    alea = np.random.default_rng(graine)
    noms = np.array(list(PROFILS))
    profils = alea.choice(noms, size=taille, p=np.array(list(PROFILS.values())))
    est = {nom: profils == nom for nom in PROFILS}
    naissance = alea.integers(1960, 2004, size=taille)
    mois = (naissance - 1970).astype("datetime64[Y]").astype("datetime64[M]") + alea.integers(0, 12, size=taille)
    entrees: dict[str, dict[str, np.ndarray]] = {
        "date_naissance": {"ETERNITY": mois.astype("datetime64[D]") + 14},
        # Heures de DIF inscrites pour un tiers des personnes.
        "cpf_heures_dif": {
            "ETERNITY": np.where(alea.random(taille) < 0.3, alea.integers(0, 121, size=taille), 0).astype(float)
        },
    }
    for variable in (
        "heures_travaillees",
        "peu_qualifie",
        "beneficiaire_oeth",
        "travailleur_esat",
        "mois_activite_independante",
        "cpf_droits_mobilises",
    ):
        entrees[variable] = {}
    plein = 1607.0
    for an in range(PREMIERE_ANNEE, annee + 1):
        periode = str(an)
        actif = alea.random(taille) > 0.08  # années sans activité (chômage, études…)
        quotite = np.select(
            [
                est["salarié à temps partiel (mi-temps ou plus)"],
                est["salarié à moins d'un mi-temps"],
                est["sans activité"],
                est["travailleur indépendant"],
            ],
            [alea.uniform(0.5, 0.9, taille), alea.uniform(0.05, 0.49, taille), 0.0, 0.0],
            default=alea.uniform(0.9, 1.05, taille),
        )
        mixte = est["carrière mixte (salarié puis indépendant)"]
        bascule = an >= 2020  # la carrière mixte passe à l'indépendance en 2020
        quotite = np.where(mixte & bascule, 0.0, quotite)
        heures = np.round(plein * quotite * actif, 1)
        entrees["heures_travaillees"][periode] = heures
        entrees["peu_qualifie"][periode] = est["salarié peu qualifié"]
        entrees["beneficiaire_oeth"][periode] = est["bénéficiaire de l'OETH"]
        entrees["travailleur_esat"][periode] = est["travailleur en ESAT"] & actif
        independant = est["travailleur indépendant"] | (mixte & bascule)
        entrees["mois_activite_independante"][periode] = np.where(
            independant & actif, alea.integers(3, 13, size=taille), 0
        ).astype(float)
        # Une formation achetée de temps en temps : des heures jusqu'en 2018, des euros ensuite.
        achat = alea.random(taille) < 0.08
        montant = alea.uniform(14, 60, taille) if an <= 2018 else alea.uniform(300, 2500, taille)
        entrees["cpf_droits_mobilises"][periode] = np.round(np.where(achat, montant, 0.0), 2)
    jour_achat = ajouter_achat(entrees, annee, taille, graine)
    return Population(
        jour_achat=jour_achat,
        taille=taille,
        profils=profils,
        entrees=entrees,
        description=(
            f"population interne de repli : {taille} carrières synthétiques de {PREMIERE_ANNEE} à {annee} "
            f"et un achat de formation le {jour_achat} pour 5 % d'entre elles, non pondérées (openfisca_cpa/outils/population_interne.py)"
        ),
    )
