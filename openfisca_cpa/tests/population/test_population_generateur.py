"""Population synthétique : reproductible, sourcée, carrières complètes, parts respectées."""

import numpy as np
import pyarrow.compute as pc
import pytest

from openfisca_cpa.population import generateur
from openfisca_cpa.population.contrat import ENTREES_CONTRAT


def test_reproductible_par_graine():
    a = generateur.generer(500, graine=11)
    assert a.equals(generateur.generer(500, graine=11))
    assert not a.equals(generateur.generer(500, graine=12))


def test_carrieres_completes_et_colonnes():
    table = generateur.generer(100, graine=1, debut=2015, fin=2026)
    assert table.num_rows == 100 * 12
    assert pc.min(table["annee"]).as_py() == 2015 and pc.max(table["annee"]).as_py() == 2026
    entrees = [c for c in table.column_names if c not in ("id", "annee", "poids")]
    assert set(entrees) <= set(ENTREES_CONTRAT)
    large = generateur.generer(10, graine=1, forme="large")
    assert "heures_travaillees_2015" in large.column_names and "date_naissance" in large.column_names


def test_colonnes_limitees_au_modele(systeme_population):
    table = generateur.generer(10, graine=1, systeme=systeme_population)
    for colonne in table.column_names:
        assert colonne in ("id", "annee", "poids") or colonne in systeme_population.variables


def test_parts_sourcees_ou_hypotheses():
    for part in generateur.PARTS.values():
        if part.source == generateur.HYPOTHESE:
            assert part.url is None and part.annee is None
        else:
            assert part.url.startswith("http") and part.annee, part.cle


def test_parts_respectees():
    table = generateur.generer(60_000, graine=3, debut=2024, fin=2024)
    heures = table["heures_travaillees"].to_numpy()
    esat = table["travailleur_esat"].to_numpy()
    mois = table["mois_activite_independante"].to_numpy()
    salaries = heures > 0
    partiel = salaries & (heures < 0.96 * generateur.DUREE_REFERENCE)
    # Temps partiel (17,3 %) + intérim, pluri-employeurs sous le temps plein et absences : entre 17 et 30 %.
    assert 0.17 < partiel.sum() / salaries.sum() < 0.30
    assert esat.mean() == pytest.approx(generateur.PARTS["esat"].valeur * (1 - 0.0), abs=0.002)
    independants = (mois > 0) & ~salaries
    actifs = salaries | independants | esat
    assert independants.sum() / actifs.sum() == pytest.approx(generateur.PARTS["independants"].valeur, abs=0.02)
    nuit = table["c2p_nuits_travail_nuit"].to_numpy() > 0
    assert nuit.sum() / salaries.sum() == pytest.approx(generateur.PARTS["travail_nuit"].valeur, abs=0.01)
    assert np.isclose(table["poids"].to_numpy().sum(), generateur.PARTS["population_active"].valeur)
