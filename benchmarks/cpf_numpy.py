"""Référence en numpy pur des règles du CPF, écrite indépendamment du modèle, pour les bancs d'essai.

Mêmes règles que openfisca_cpa (cpa_law.md §2) ; les montants sont lus dans l'arbre des paramètres pour
ne pas recopier de chiffres, tout le reste est recalculé ici en float64.
"""

import numpy as np

ANNEES = range(2015, 2027)


def generer_carrieres(n, graine=2026):
    """Carrières aléatoires 2015-2026 : temps plein, partiel, sans emploi, peu qualifiés, OETH, ESAT, indépendants."""
    rng = np.random.default_rng(graine)
    colonnes = {}
    for annee in ANNEES:
        heures = rng.choice([0.0, 400.0, 803.5, 964.2, 1200.0, 1607.0], size=n, p=[0.08, 0.07, 0.05, 0.1, 0.1, 0.6])
        colonnes[("heures_travaillees", annee)] = heures
        colonnes[("peu_qualifie", annee)] = rng.random(n) < 0.15
        colonnes[("beneficiaire_oeth", annee)] = rng.random(n) < 0.05
        colonnes[("travailleur_esat", annee)] = rng.random(n) < 0.003
        colonnes[("mois_activite_independante", annee)] = np.where(
            rng.random(n) < 0.1, rng.integers(1, 13, n), 0
        ).astype(float)
        colonnes[("cpf_droits_mobilises", annee)] = np.where(
            rng.random(n) < 0.05, rng.integers(1, 160, n) * (1 if annee < 2019 else 15), 0
        ).astype(float)
    colonnes[("cpf_heures_dif", None)] = np.where(rng.random(n) < 0.2, rng.integers(1, 121, n), 0).astype(float)
    return colonnes


def _plafond_cent(x):
    return np.ceil(np.round(x * 100, 6)) / 100


def _palier(solde, part, avant, seuil, apres):
    reste = np.maximum(seuil - solde, 0)
    plein = avant * part
    credit = np.where(plein <= reste, plein, reste + apres * (part - np.minimum(part, reste / avant)))
    return np.ceil(np.round(credit, 6))


def cpf_solde_numpy(colonnes, parametres, annee_fin=2026):
    """Solde statutaire du CPF en euros après l'année `annee_fin`, pour toute la population."""
    n = len(colonnes[("heures_travaillees", 2015)])
    solde = np.zeros(n)
    dif = np.maximum(colonnes[("cpf_heures_dif", None)], 0)
    for annee in range(2015, 2019):
        p = parametres(f"{annee}-01-01").cpf
        h = p.heures
        mobilise = colonnes[("cpf_droits_mobilises", annee)]
        if p.usage.dif_en_premier:  # R6323-7 (2015-2018) : les droits utilisés consomment d'abord le DIF
            sur_dif = np.minimum(dif, np.maximum(mobilise, 0))
            dif = dif - sur_dif
            mobilise = mobilise - sur_dif
        solde = np.maximum(solde - mobilise, 0)
        part = np.minimum(colonnes[("heures_travaillees", annee)] / p.duree_reference.defaut, 1)
        credit = _palier(
            solde,
            part,
            h.salarie.credit_annuel_avant_seuil,
            h.salarie.seuil_intermediaire,
            h.salarie.credit_annuel_apres_seuil,
        )
        plafond = np.full(n, h.salarie.plafond)
        if annee >= 2017:
            pq = colonnes[("peu_qualifie", annee)] & (part > 0)
            credit = np.where(pq, np.ceil(np.round(h.peu_qualifie.credit_annuel * part, 6)), credit)
            plafond = np.where(pq, h.peu_qualifie.plafond, plafond)
        if annee == 2018:
            part_ind = colonnes[("mois_activite_independante", annee)] / 12
            credit = np.maximum(
                credit,
                _palier(
                    solde,
                    part_ind,
                    h.independant.credit_annuel_avant_seuil,
                    h.independant.seuil_intermediaire,
                    h.independant.credit_annuel_apres_seuil,
                ),
            )
        solde = solde + np.minimum(credit, np.maximum(plafond - solde, 0))
    solde = (solde + dif) * parametres("2019-01-01").cpf.conversion.euros_par_heure
    for annee in range(2019, annee_fin + 1):
        e = parametres(f"{annee}-01-01").cpf.euros
        solde = np.maximum(solde - colonnes[("cpf_droits_mobilises", annee)], 0)
        part = np.minimum(
            colonnes[("heures_travaillees", annee)] / parametres(f"{annee}-01-01").cpf.duree_reference.defaut, 1
        )
        pq, oeth, esat = (
            colonnes[("peu_qualifie", annee)],
            colonnes[("beneficiaire_oeth", annee)],
            colonnes[("travailleur_esat", annee)],
        )
        salarie = np.where(
            part >= e.salarie.seuil_mi_temps,
            np.where(pq, e.peu_qualifie.credit_annuel, e.salarie.credit_annuel),
            _plafond_cent(e.salarie.credit_annuel * part),
        )
        salarie = np.where(
            oeth & (salarie >= 0.01),
            np.minimum(salarie + e.oeth.majoration_annuelle, e.oeth.plafond_annuel_total),
            salarie,
        )
        independant = _plafond_cent(e.independant.credit_annuel * colonnes[("mois_activite_independante", annee)] / 12)
        credit = np.maximum.reduce([salarie, independant, np.where(esat, e.esat.credit_annuel, 0)])
        actif = salarie > 0
        plafond = np.where(esat | (actif & (pq | oeth)), 8000.0, np.maximum(e.salarie.plafond, e.independant.plafond))
        plafond = np.where(esat, np.maximum(plafond, e.esat.plafond), plafond)
        solde = solde + np.minimum(credit, np.maximum(plafond - solde, 0))
    return solde
