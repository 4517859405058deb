"""Mesures des simulations de population (pytest-benchmark ; hors de « make test »).

    .venv/bin/pytest benchmarks/test_benchmark_population.py --benchmark-only -p no:cacheprovider -s

Chaque mesure lance la commande ``openfisca-cpa`` dans un processus neuf (``python -m
openfisca_cpa.population``) : la durée est celle d'un utilisateur (lecture du Parquet, calcul de
toutes les sorties du contrat présentes dans le modèle, écriture du Parquet, synthèse) et la
mémoire est le pic du plus gros processus (``ru_maxrss`` des enfants ; avec Dask, le plus gros
des travailleurs ou du client).

Variables d'environnement :
- ``OPENFISCA_CPA_BENCH_N`` : nombre d'individus (défaut 1 000 000, années 2015-2026) ;
- ``OPENFISCA_CPA_BENCH_10M=1`` : ajoute la démonstration du découpage sur 10 000 000 d'individus
  (plusieurs minutes, quelques Go de disque).
"""

import json
import os
import subprocess
import sys
import time

import pytest

N = int(os.environ.get("OPENFISCA_CPA_BENCH_N", "1000000"))
CIBLE_SECONDES = 15
CIBLE_MEMOIRE_MO = 4096


ENVELOPPE = (
    "import json, resource, sys\n"
    "from openfisca_cpa.population.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "r = resource.getrusage\n"
    "print(json.dumps({'soi': r(resource.RUSAGE_SELF).ru_maxrss,"
    " 'enfants': r(resource.RUSAGE_CHILDREN).ru_maxrss}), file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _commande(arguments):
    """Lance openfisca-cpa dans un processus neuf ; renvoie la durée et le pic mémoire (Mo).

    Le pic est le plus grand ru_maxrss du processus lui-même et de ses enfants (travailleurs Dask).
    """
    debut = time.perf_counter()
    fini = subprocess.run(
        [sys.executable, "-c", ENVELOPPE, *map(str, arguments)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    duree = time.perf_counter() - debut
    memoire = json.loads(fini.stderr.strip().splitlines()[-1])
    return {
        "duree_s": round(duree, 2),
        "memoire_pic_mo": round(memoire["soi"] / 1024, 1),
        "memoire_pic_enfants_mo": round(memoire["enfants"] / 1024, 1),
    }


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("population")
    chemin = dossier / "population.parquet"
    mesure = _commande(["generer", "-n", N, "--graine", 1, "-o", chemin])
    print(f"\nGénération de {N} individus × 12 ans : {mesure}")
    return chemin


def _rapporter(benchmark, nom, mesure, synthese_chemin=None):
    benchmark.extra_info.update(mesure)
    if synthese_chemin and synthese_chemin.exists():
        meta = json.loads(synthese_chemin.read_text(encoding="utf-8"))["meta"]
        benchmark.extra_info["lots"] = len(meta["lots"])
        benchmark.extra_info["memoire_max_lot_mo"] = meta["memoire_max_mo"]
    print(
        f"\n{nom} ({N} individus) : {mesure['duree_s']} s, pic {mesure['memoire_pic_mo']} Mo "
        f"(travailleurs : {mesure['memoire_pic_enfants_mo']} Mo) "
        f"(cibles 1 M : {CIBLE_SECONDES} s, {CIBLE_MEMOIRE_MO} Mo)"
    )


def test_generer(benchmark, tmp_path):
    chemin = tmp_path / "population.parquet"
    mesure = benchmark.pedantic(
        _commande, args=(["generer", "-n", N, "--graine", 2, "-o", chemin],), rounds=1, iterations=1
    )
    _rapporter(benchmark, "generer", mesure)


@pytest.mark.parametrize("taille_lot", [100_000, 250_000])
def test_simuler_local(benchmark, population, tmp_path, taille_lot):
    sortie = tmp_path / "resultats.parquet"
    arguments = ["simuler", population, "-o", sortie, "--silencieux", "--taille-lot", taille_lot]
    mesure = benchmark.pedantic(_commande, args=(arguments,), rounds=1, iterations=1)
    _rapporter(benchmark, f"simuler local, lots de {taille_lot}", mesure, tmp_path / "resultats_synthese.json")


@pytest.mark.parametrize("workers", [1, 2])
def test_simuler_dask(benchmark, population, tmp_path, workers):
    sortie = tmp_path / "resultats.parquet"
    arguments = [
        "simuler", population, "-o", sortie, "--silencieux",
        "--dask", "--workers", workers, "--taille-lot", 100_000,
    ]  # fmt: skip
    mesure = benchmark.pedantic(_commande, args=(arguments,), rounds=1, iterations=1)
    _rapporter(benchmark, f"simuler Dask, {workers} travailleur(s)", mesure, tmp_path / "resultats_synthese.json")


@pytest.mark.skipif(os.environ.get("OPENFISCA_CPA_BENCH_10M") != "1", reason="OPENFISCA_CPA_BENCH_10M=1 pour la lancer")
def test_dix_millions_par_lots(benchmark, tmp_path):
    """10 000 000 d'individus × 12 ans : la mémoire d'un lot reste bornée quel que soit n."""
    population = tmp_path / "population_10m.parquet"
    _commande(["generer", "-n", 10_000_000, "--graine", 3, "-o", population])
    sortie = tmp_path / "resultats_10m.parquet"
    arguments = ["simuler", population, "-o", sortie, "--silencieux", "--taille-lot", 250_000]
    mesure = benchmark.pedantic(_commande, args=(arguments,), rounds=1, iterations=1)
    _rapporter(benchmark, "simuler 10 M, lots de 250 000", mesure, tmp_path / "resultats_10m_synthese.json")
