"""Forme longue du fuzzing : schemathesis contre un vrai serveur gunicorn, puis des situations valides.

    python -m fiabilite.fuzz --exemples 500                  # toutes les phases, 500 exemples par opération
    python -m fiabilite.fuzz --exemples 100 --duree-max 600 --situations 2000

1. démarre gunicorn (api/gunicorn.conf.py, 2 processus de travail) sur 127.0.0.1 ;
2. lance `schemathesis run <serveur>/spec` : phases examples, coverage, fuzzing et stateful, toutes
   les vérifications sauf positive_data_acceptance (voir api/tests/test_fiabilite_fuzz.py),
   sérialiseur Parquet de fiabilite/crochets.py, rapport JUnit dans --dossier (--vcr : chaque échange) ;
3. envoie --situations situations valides (fiabilite/situations.py) à /calculate, /trace,
   /calculate/population et /releve : aucune ne doit recevoir de 5xx ;
4. relit le journal du serveur : erreurs internes journalisées, processus de travail redémarrés.

Code de sortie 0 si schemathesis ne trouve rien, aucune situation valide n'échoue et le journal est
propre. Tout le trafic va vers 127.0.0.1 ; la durée est bornée par --duree-max (schemathesis) et
par le nombre de situations.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from fiabilite.serveur import RACINE, Serveur, verifier_bouclage

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
VERIFICATIONS_ECARTEES = "positive_data_acceptance"
CONFIGURATION = Path(__file__).with_name("schemathesis.toml")


def lancer_schemathesis(
    url: str, exemples: int, duree_max: int, dossier: Path, graine: int | None, vcr: bool = False
) -> int:
    commande = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIGURATION),
        "run",
        f"{url}/spec",
        "--checks",
        "all",
        "--exclude-checks",
        VERIFICATIONS_ECARTEES,
        "--max-examples",
        str(exemples),
        "--max-time",
        str(duree_max),
        "--request-timeout",
        "60",
        "--workers",
        "2",
        "--no-color",
        "--report",
        "junit,vcr" if vcr else "junit",
        "--report-dir",
        str(dossier),
        "--generation-database",
        "none",
    ]
    if graine is not None:
        commande += ["--seed", str(graine)]
    environnement = {**os.environ, "SCHEMATHESIS_HOOKS": "fiabilite.crochets", "PYTHONPATH": str(RACINE)}
    print("$ " + " ".join(commande), flush=True)
    return subprocess.run(commande, cwd=RACINE, env=environnement, check=False).returncode


def lire_junit(dossier: Path) -> dict[str, list[str]]:
    """Échecs (ce que les vérifications ont trouvé) et erreurs internes de schemathesis, du dernier rapport JUnit."""
    import xml.etree.ElementTree as ET

    rapports = sorted(dossier.glob("junit-*.xml"))
    bilan: dict[str, list[str]] = {"echecs": [], "erreurs_schemathesis": []}
    if not rapports:
        return bilan
    for cas in ET.parse(rapports[-1]).getroot().iter("testcase"):
        for balise, cle in (("failure", "echecs"), ("error", "erreurs_schemathesis")):
            for element in cas.findall(balise):
                premiere = ((element.get("message") or element.text or "").strip().splitlines() or [""])[0]
                bilan[cle].append(f"{cas.get('name')} : {premiere[:200]}")
    return bilan


def envoyer(url: str, chemin: str, corps: dict) -> tuple[int, dict | None]:
    hote, port = verifier_bouclage(url)
    connexion = http.client.HTTPConnection(hote, port, timeout=60)
    try:
        connexion.request("POST", chemin, body=json.dumps(corps), headers={"Content-Type": "application/json"})
        reponse = connexion.getresponse()
        contenu = reponse.read()
        try:
            return reponse.status, json.loads(contenu)
        except ValueError:
            return reponse.status, None
    finally:
        connexion.close()


def lancer_situations(url: str, nombre: int) -> list[str]:
    """`nombre` situations valides par HTTP ; renvoie les échecs (5xx ou refus inattendu)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from fiabilite import situations
    from openfisca_cpa import CountryTaxBenefitSystem

    systeme = CountryTaxBenefitSystem()
    echecs: list[str] = []
    compte = {"n": 0}

    @given(
        situation=situations.situation(systeme),
        route=st.sampled_from(["/calculate", "/trace", "/calculate/population", "/releve"]),
        debut=st.integers(2010, 2030),
    )
    @settings(max_examples=nombre, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def essai(situation, route, debut):
        compte["n"] += 1
        if route == "/calculate/population":
            corps = situations.en_colonnes(situation, systeme)
        elif route == "/releve":
            personne = next(iter(situation["individus"].values()))
            entrees = {n: v for n, v in personne.items() if None not in v.values()}
            corps = {"individu": entrees, "debut": debut, "fin": debut + 5}
        else:
            corps = situation
        statut, reponse = envoyer(url, route, corps)
        code = (reponse or {}).get("error", {}).get("code") if isinstance(reponse, dict) else None
        if statut >= 500 or (statut != 200 and code not in {"periode_incompatible", "resultat_non_fini"}):
            echecs.append(f"{route} {statut} {code} : {json.dumps(corps, ensure_ascii=False)[:400]}")

    essai()
    print(f"Situations valides envoyées : {compte['n']}, échecs : {len(echecs)}", flush=True)
    return echecs


def main(argv: list[str] | None = None) -> int:
    analyseur = argparse.ArgumentParser(prog="python -m fiabilite.fuzz", description=__doc__.split("\n\n")[0])
    analyseur.add_argument("--exemples", type=int, default=500, help="exemples par opération (défaut : 500)")
    analyseur.add_argument("--duree-max", type=int, default=1800, help="durée maximale de schemathesis (s)")
    analyseur.add_argument("--situations", type=int, default=1000, help="situations valides envoyées")
    analyseur.add_argument("--graine", type=int, default=None, help="graine de schemathesis (reproductible)")
    analyseur.add_argument("--dossier", type=Path, default=RACINE / "out" / "fuzz", help="rapports")
    analyseur.add_argument(
        "--vcr", action="store_true", help="enregistre aussi chaque échange (plus d'1 Go pour 500 exemples)"
    )
    arguments = analyseur.parse_args(argv)
    arguments.dossier.mkdir(parents=True, exist_ok=True)
    debut = time.monotonic()
    with Serveur(workers=2, journal=arguments.dossier / "gunicorn.log") as serveur:
        print(f"Serveur {serveur.url} (démarré en {serveur.duree_demarrage:.2f} s)", flush=True)
        code = lancer_schemathesis(
            serveur.url, arguments.exemples, arguments.duree_max, arguments.dossier, arguments.graine, arguments.vcr
        )
        echecs = lancer_situations(serveur.url, arguments.situations) if arguments.situations else []
        journal = serveur.lire_journal()
    internes = journal.count("Erreur non prévue")
    redemarrages = max(0, journal.count("Booting worker") - 2)
    junit = lire_junit(arguments.dossier)
    for echec in junit["echecs"]:
        print("ÉCHEC schemathesis", echec)
    for erreur in junit["erreurs_schemathesis"]:
        print("ERREUR interne de schemathesis (pas une réponse de l'API)", erreur)
    for echec in echecs[:20]:
        print("ÉCHEC situation valide", echec)
    print(
        f"Bilan : schemathesis code {code}, {len(junit['echecs'])} échec(s), "
        f"{len(junit['erreurs_schemathesis'])} erreur(s) interne(s) de schemathesis ; situations valides en "
        f"échec : {len(echecs)} ; erreurs internes journalisées par l'API : {internes} ; processus de travail "
        f"redémarrés : {redemarrages} ; durée {time.monotonic() - debut:.0f} s ; rapports : {arguments.dossier}"
    )
    return 0 if not junit["echecs"] and not echecs and not internes and not redemarrages and code in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
