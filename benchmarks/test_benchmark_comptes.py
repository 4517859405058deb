"""Banc d'essai des trois comptes : 1 000 000 de personnes × 2015-2026, toutes les sorties du contrat.

CPF (alimentation, soldes), CEC (alimentation, solde), C2P (points acquis, solde, formation et temps
partiel à deux dates de demande) et achats CPF (montant mobilisé, reste à charge à une date).

Lancer : make benchmark
    (ou .venv/bin/pytest benchmarks/test_benchmark_comptes.py --benchmark-only -p no:cacheprovider -s)
Taille : CPA_BENCH_N=100000 pour un essai rapide. Hors de `make test` : benchmarks/ n'est pas dans
testpaths, et le module est sauté quand les bancs d'essai sont désactivés (--benchmark-skip).
"""

import os
import resource
import time

import numpy as np
import pytest
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa import CountryTaxBenefitSystem
from openfisca_cpa.population.contrat import SORTIES_CONTRAT

SYSTEME = CountryTaxBenefitSystem()

N = int(os.environ.get("CPA_BENCH_N", "1000000"))
ANNEES = range(2015, 2027)
JOURS_C2P = ("2021-03-01", "2024-06-03")
JOUR_ACHAT = "2026-03-02"

#: Sorties annuelles du contrat (openfisca_cpa.population.contrat), lues dans le système.
SORTIES_ANNUELLES = tuple(nom for nom in SORTIES_CONTRAT if SYSTEME.variables[nom].definition_period == DateUnit.YEAR)
SORTIES_JOURNALIERES = (
    ("c2p_droits_formation", JOURS_C2P),
    ("c2p_jours_temps_partiel", JOURS_C2P),
    ("cpf_montant_mobilise", (JOUR_ACHAT,)),
    ("cpf_reste_a_charge", (JOUR_ACHAT,)),
)


@pytest.fixture(autouse=True)
def _saute_si_desactive(request):
    if request.config.getoption("benchmark_skip", False):
        pytest.skip("banc d'essai désactivé (--benchmark-skip)")


def generer(n, graine=20260326):
    """Colonnes d'entrée (variable, période) -> tableau, vectorisées, en float32 comme OpenFisca."""
    rng = np.random.default_rng(graine)
    colonnes = {
        ("date_naissance", "ETERNITY"): np.datetime64("1950-01-01")
        + rng.integers(0, 365 * 50, n).astype("timedelta64[D]"),
    }
    quotite = rng.choice([0.0, 0.3, 0.6, 1.0], n, p=[0.1, 0.1, 0.2, 0.6])
    nuit = rng.random(n) < 0.08
    repetitif = rng.random(n) < 0.05
    benevole = rng.random(n) < 0.05
    for annee in ANNEES:
        a = str(annee)
        actif = rng.random(n) < 0.92
        colonnes["heures_travaillees", a] = (1607 * quotite * actif).astype(np.float32)
        colonnes["c2p_nuits_travail_nuit", a] = np.where(nuit, rng.integers(90, 160, n), 0).astype(np.float32)
        colonnes["c2p_heures_travail_repetitif", a] = np.where(repetitif, rng.integers(800, 1200, n), 0).astype(
            np.float32
        )
        colonnes["c2p_mois_exposition", a] = rng.choice([12, 12, 12, 8, 5], n).astype(np.float32)
        colonnes["cec_benevolat_heures", a] = np.where(benevole, 220, 0).astype(np.float32)
        colonnes["cec_benevolat_heures_association_principale", a] = np.where(benevole, 120, 0).astype(np.float32)
        colonnes["cec_service_civique_mois", a] = np.where(rng.random(n) < 0.01, 6, 0).astype(np.float32)
        colonnes["cpf_droits_mobilises", a] = np.where(rng.random(n) < 0.05, 300, 0).astype(np.float32)
    for jour in JOURS_C2P:
        colonnes["c2p_points_utilises_formation", jour] = np.where(nuit & (rng.random(n) < 0.2), 5, 0).astype(
            np.float32
        )
        colonnes["c2p_points_utilises_temps_partiel", jour] = np.where(nuit & (rng.random(n) < 0.2), 10, 0).astype(
            np.float32
        )
        colonnes["c2p_taux_reduction_temps_travail", jour] = np.full(n, 0.5, dtype=np.float32)
    colonnes["cpf_prix_formation", JOUR_ACHAT] = np.where(rng.random(n) < 0.1, rng.integers(50, 3000, n), 0).astype(
        np.float32
    )
    colonnes["cpf_solde_disponible", JOUR_ACHAT] = rng.integers(0, 5000, n).astype(np.float32)
    colonnes["demandeur_emploi", JOUR_ACHAT] = rng.random(n) < 0.1
    return colonnes


def simuler(systeme, colonnes, n):
    simulation = SimulationBuilder().build_default_simulation(systeme, n)
    for (variable, periode), valeurs in colonnes.items():
        simulation.set_input(variable, periode, valeurs)
    resultats = {}
    for variable in SORTIES_ANNUELLES:
        for annee in ANNEES:
            if variable == "cpf_solde_heures" and annee > 2018:
                continue
            if variable in ("cpf_solde", "cec_solde") and annee < 2018:
                continue
            resultats[variable, annee] = float(simulation.calculate(variable, str(annee)).sum(dtype=np.float64))
    for variable, jours in SORTIES_JOURNALIERES:
        for jour in jours:
            resultats[variable, jour] = float(simulation.calculate(variable, jour).sum(dtype=np.float64))
    return resultats


def test_comptes_un_million(benchmark):
    systeme = SYSTEME
    colonnes = generer(N)
    debut = time.perf_counter()
    resultats = benchmark.pedantic(simuler, args=(systeme, colonnes, N), rounds=1, iterations=1)
    duree = time.perf_counter() - debut
    benchmark.extra_info.update(
        personnes=N,
        annees=len(ANNEES),
        sorties=len(resultats),
        duree_s=round(duree, 1),
        pic_memoire_mio=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    )
    print(f"\n{benchmark.extra_info}")
    assert resultats["c2p_solde_points", 2026] > 0
    assert resultats["cec_solde", 2026] > 0
    assert resultats["cpf_solde", 2026] > 0
    assert resultats["cpf_montant_mobilise", JOUR_ACHAT] > 0
