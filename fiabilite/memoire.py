"""Mémoire d'un vrai processus de travail gunicorn sous les pires requêtes admises et les attaques.

    python -m fiabilite.memoire                       # tous les cas, réglages par défaut
    python -m fiabilite.memoire --cas pire_solde_2100 attaque_sorties --json memoire.json

Chaque cas démarre un serveur gunicorn (api/gunicorn.conf.py, un processus de travail, réglages par
défaut sauf --env), envoie une requête et échantillonne toutes les 20 ms la mémoire résidente (RSS,
psutil) du processus de travail : repos avant, pic pendant, et 1 s après la réponse (après que
l'application a rendu la mémoire, api/memoire.py). Les « pire_… » sont taillés pour être juste sous
les limites par défaut (CPA_MEMOIRE_REQUETE, CPA_MAX_CONTENT_LENGTH) et doivent répondre 200 ; les
« attaque_… » sont les requêtes de l'issue 13 et doivent être refusées (413) avant tout calcul.
Les chiffres dépendent de la machine et de sa charge : ils vont au README, pas dans un test.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import sys
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from fiabilite.serveur import Serveur, verifier_bouclage

MIO = 1024 * 1024
ANNUELLES: list[str] = []  # rempli au premier besoin (variables annuelles de l'individu)


def _annuelles() -> list[str]:
    if not ANNUELLES:
        from openfisca_cpa import CountryTaxBenefitSystem

        systeme = CountryTaxBenefitSystem()
        ANNUELLES.extend(
            sorted(
                nom
                for nom, variable in systeme.variables.items()
                if str(variable.definition_period) == "year" and variable.entity.key == "individu"
            )
        )
    return ANNUELLES


def _json(objet) -> bytes:
    return json.dumps(objet, separators=(",", ":")).encode()


def _heures(n: int, colonnes: int, graine: int = 0) -> np.ndarray:
    return np.round(np.random.default_rng(graine).uniform(0, 1607, (colonnes, n)), 1)


def _csv(n: int, colonnes: list[str], valeurs: np.ndarray, ids: bool = False) -> bytes:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    donnees = {nom: pa.array(valeurs[i % len(valeurs)]) for i, nom in enumerate(colonnes)}
    if ids:
        donnees = {"id": pa.array([f"P{i}" for i in range(n)]), **donnees}
    tampon = io.BytesIO()
    pcsv.write_csv(pa.table(donnees), tampon)
    return tampon.getvalue()


def _population_json(n: int, colonnes: int, sortie: str) -> bytes:
    valeurs = _heures(n, colonnes)
    annees = range(2026 - colonnes, 2026)
    entree = {"heures_travaillees": {str(a): valeurs[i].tolist() for i, a in enumerate(annees)}}
    return _json({"count": n, "input": entree, "output": {sortie: ["2025"]}})


# (nom, méthode d'envoi, fabrique du corps) ; chemin et en-têtes dans le corps fabriqué.
def cas_disponibles() -> dict[str, tuple[str, dict[str, str], object]]:
    def sorties(n, annees, accept):
        corps = {"count": n, "output": {v: [str(a) for a in range(2015, 2015 + annees)] for v in _annuelles()}}
        return lambda: ("/calculate/population", {"Accept": accept}, _json(corps))

    def solde(n, annee):
        return lambda: ("/calculate/population", {}, _json({"count": n, "output": {"cpf_solde": [str(annee)]}}))

    def entrees_json(n, colonnes):
        return lambda: ("/calculate/population", {}, _population_json(n, colonnes, "cpf_alimentation"))

    def entrees_csv(n, colonnes):
        def fabrique():
            noms = [f"heures_travaillees@{a}" for a in range(2026 - colonnes, 2026)]
            corps = _csv(n, noms, _heures(n, min(colonnes, 8)), ids=True)
            return "/calculate/population?output=cpf_alimentation@2025", {"Content-Type": "text/csv"}, corps

        return fabrique

    def csv_colonnes(n, colonnes):
        def fabrique():
            entete = ",".join(["heures_travaillees@2024"] * colonnes)
            ligne = ",".join(["1607"] * colonnes)
            corps = ("\n".join([entete] + [ligne] * n) + "\n").encode()
            return "/calculate/population?output=cpf_solde@2025", {"Content-Type": "text/csv"}, corps

        return fabrique

    def situation(n):
        def fabrique():
            personnes = {
                f"p{i}": {"heures_travaillees": {"2024": 1607, "2025": 800}, "cpf_solde": {"2025": None}}
                for i in range(n)
            }
            return "/calculate", {}, _json({"individus": personnes})

        return fabrique

    return {
        # Pires requêtes admises aux réglages par défaut (doivent répondre 200).
        "pire_solde_2100": ("200", {}, solde(45_000, 2100)),
        "pire_solde_2026": ("200", {}, solde(300_000, 2026)),
        "pire_sorties_json": ("200", {}, sorties(4_000, 20, "application/json")),
        "pire_sorties_csv": ("200", {}, sorties(3_000, 20, "text/csv")),
        "pire_sorties_parquet": ("200", {}, sorties(8_000, 20, "application/vnd.apache.parquet")),
        "pire_entrees_json": ("200", {}, entrees_json(200_000, 15)),
        "pire_entrees_csv": ("200", {}, entrees_csv(266_000, 15)),
        "pire_situation": ("200", {}, situation(100_000)),
        # Attaques de l'issue 13 (doivent être refusées avant tout calcul).
        "attaque_sorties": ("413", {}, sorties(20_000, 86, "application/json")),
        "attaque_entrees_json": ("413", {}, entrees_json(660_000, 15)),
        "attaque_csv_colonnes": ("413", {}, csv_colonnes(300, 40_000)),
    }


def envoyer(url: str, chemin: str, entetes: dict[str, str], corps: bytes, delai: float = 300) -> tuple[int, bytes]:
    hote, port = verifier_bouclage(url)
    connexion = http.client.HTTPConnection(hote, port, timeout=delai)
    try:
        connexion.request("POST", chemin, body=corps, headers={"Content-Type": "application/json", **entetes})
        reponse = connexion.getresponse()
        return reponse.status, reponse.read()
    finally:
        connexion.close()


def mesurer(nom: str, attendu: str, fabrique, environnement: dict[str, str]) -> dict:
    chemin, entetes, corps = fabrique()
    with Serveur(workers=1, environnement=environnement) as serveur:
        (pid,) = serveur.processus()
        processus = psutil.Process(pid)
        time.sleep(0.5)
        repos = processus.memory_info().rss
        pic = [repos]
        fini = threading.Event()

        def echantillonner():
            while not fini.wait(0.02):
                try:
                    pic[0] = max(pic[0], processus.memory_info().rss)
                except psutil.Error:
                    return

        fil = threading.Thread(target=echantillonner, daemon=True)
        fil.start()
        debut = time.monotonic()
        try:
            statut, reponse = envoyer(serveur.url, chemin, entetes, corps)
        except (OSError, http.client.HTTPException) as erreur:
            statut, reponse = f"connexion : {type(erreur).__name__}", b""
        duree = time.monotonic() - debut
        time.sleep(1.0)
        fini.set()
        fil.join()
        apres = processus.memory_info().rss
    code = None
    if statut != 200:
        try:
            code = json.loads(reponse)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            code = "?"
    return {
        "cas": nom,
        "attendu": attendu,
        "statut": statut,
        "code": code,
        "corps_mio": round(len(corps) / MIO, 1),
        "reponse_mio": round(len(reponse) / MIO, 1),
        "repos_mio": round(repos / MIO),
        "pic_mio": round(pic[0] / MIO),
        "apres_mio": round(apres / MIO),
        "duree_s": round(duree, 1),
    }


def afficher(resultats: list[dict]) -> str:
    lignes = [
        "| Cas | Statut | Corps (Mio) | Réponse (Mio) | RSS repos (Mio) | RSS pic (Mio) | RSS 1 s après (Mio) | Durée (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in resultats:
        statut = f"{r['statut']}" + (f" `{r['code']}`" if r["code"] else "")
        lignes.append(
            f"| {r['cas']} | {statut} | {r['corps_mio']} | {r['reponse_mio']} | {r['repos_mio']} | "
            f"{r['pic_mio']} | {r['apres_mio']} | {r['duree_s']} |"
        )
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> int:
    cas = cas_disponibles()
    parseur = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parseur.add_argument("--cas", nargs="*", choices=sorted(cas), help="cas à mesurer (défaut : tous)")
    parseur.add_argument("--env", nargs="*", default=[], help="réglages VAR=valeur passés au serveur")
    parseur.add_argument("--json", help="écrit aussi les résultats dans ce fichier")
    options = parseur.parse_args(argv)
    environnement = dict(item.split("=", 1) for item in options.env)
    resultats = []
    for nom in options.cas or list(cas):
        attendu, _, fabrique = cas[nom]
        resultat = mesurer(nom, attendu, fabrique, environnement)
        resultats.append(resultat)
        print(json.dumps(resultat, ensure_ascii=False), flush=True)
    print(afficher(resultats))
    if options.json:
        Path(options.json).parent.mkdir(parents=True, exist_ok=True)
        with open(options.json, "w", encoding="utf-8") as sortie:
            json.dump(resultats, sortie, ensure_ascii=False, indent=1)
    return 0 if all(str(r["statut"]) == r["attendu"] for r in resultats) else 1


if __name__ == "__main__":
    sys.exit(main())
