"""Mesure de /calculate/population sur une grande population (temps et mémoire de pointe), hors pytest.

    .venv/bin/python benchmarks/mesure_population_api.py --personnes 1000000

Construit un corps CSV (date de naissance et heures travaillées 2015-2026 tirées au hasard,
graine fixe), l'envoie à l'application Flask dans le processus (client de test, sans réseau) et
affiche la durée, la taille du corps et le maximum de mémoire résidente du processus. Aucun
test n'en dépend : les chiffres dépendent de la machine et de sa charge.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # le dossier api/ n'est pas installé


def corps_csv(n, graine=0):
    """Le corps CSV, écrit par pyarrow (quelques centaines de Mio de mémoire au plus)."""
    import io

    import pyarrow as pa
    import pyarrow.csv as pcsv

    rng = np.random.default_rng(graine)
    naissance = np.datetime64("1960-01-01") + rng.integers(0, 40 * 365, n).astype("timedelta64[D]")
    colonnes = {"id": pa.array(np.arange(1, n + 1)), "date_naissance@ETERNITY": pa.array(naissance)}
    for annee in range(2015, 2027):
        heures = np.where(rng.random(n) < 0.8, rng.integers(0, 1800, n), 0)
        colonnes[f"heures_travaillees@{annee}"] = pa.array(heures)
    flux = io.BytesIO()
    pcsv.write_csv(pa.table(colonnes), flux, pcsv.WriteOptions(quoting_style="none"))
    return flux.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personnes", type=int, default=1_000_000)
    parser.add_argument("--sortie", default="cpf_solde@2026")
    args = parser.parse_args()

    from api import create_app

    app = create_app(
        config={"MAX_CONTENT_LENGTH": 1 << 30, "BUDGET_CALCUL": 0, "DELAI_CALCUL": 0, "MEMOIRE_REQUETE": 0}
    )
    client = app.test_client()
    corps = corps_csv(args.personnes)
    avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    debut = time.perf_counter()
    reponse = client.post(
        f"/calculate/population?output={args.sortie}",
        data=corps,
        content_type="text/csv",
        headers={"Accept": "text/csv"},
    )
    duree = time.perf_counter() - debut
    pointe = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    lignes = reponse.data.count(b"\n") - 1
    print(
        f"statut {reponse.status_code} ; {args.personnes} personnes ; corps {len(corps) / 2**20:.0f} Mio ; "
        f"{lignes} lignes de réponse ; {duree:.1f} s ; mémoire de pointe {pointe / 2**20:.2f} Gio "
        f"(avant la requête : {avant / 2**20:.2f} Gio)"
    )
    if reponse.status_code != 200:
        print(reponse.data[:500])


if __name__ == "__main__":
    main()
