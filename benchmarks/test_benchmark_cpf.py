"""Banc d'essai du CPF : 1 000 000 de carrières 2015-2026, cpf_solde 2026, contre numpy pur dans la même exécution.

Lancer : make benchmark   (ou .venv/bin/pytest benchmarks/test_benchmark_cpf.py --benchmark-enable)
"""

import os
import resource
import time

import numpy as np
import pytest
from cpf_numpy import ANNEES, cpf_solde_numpy, generer_carrieres
from openfisca_core.simulations import SimulationBuilder

from openfisca_cpa import CountryTaxBenefitSystem

N = int(os.environ.get("CPA_BENCH_N", "1000000"))


@pytest.fixture(scope="module")
def contexte():
    return CountryTaxBenefitSystem(), generer_carrieres(N)


def simuler(systeme, colonnes):
    simulation = SimulationBuilder().build_default_simulation(systeme, N)
    for (variable, annee), valeurs in colonnes.items():
        simulation.set_input(variable, "ETERNITY" if annee is None else str(annee), valeurs)
    return simulation.calculate("cpf_solde", "2026")


def test_cpf_solde_un_million(benchmark, contexte):
    systeme, colonnes = contexte
    durees_numpy = []
    for _ in range(3):  # même nombre de tours que le modèle : on compare les minimums
        debut = time.perf_counter()
        reference = cpf_solde_numpy(colonnes, systeme.parameters)
        durees_numpy.append(time.perf_counter() - debut)
    duree_numpy = min(durees_numpy)

    resultat = benchmark.pedantic(simuler, args=(systeme, colonnes), rounds=3, iterations=1)
    duree_openfisca = benchmark.stats.stats.min
    ecarts = np.round(resultat.astype(np.float64), 2) != np.round(reference, 2)
    benchmark.extra_info.update(
        personnes=N,
        annees=len(ANNEES),
        numpy_s=round(duree_numpy, 3),
        openfisca_s=round(duree_openfisca, 3),
        ratio=round(duree_openfisca / duree_numpy, 2),
        pic_memoire_mio=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        ecarts_au_centime=int(ecarts.sum()),
    )
    print(f"\n{benchmark.extra_info}")
    assert ecarts.sum() == 0, f"{ecarts.sum()} personnes diffèrent au centime"
