"""Générateur de charge sur l'adresse de bouclage : débit soutenu, latences, débit servi, mémoire.

    python -m fiabilite.charge --duree 300 --debit 20                 # forme longue (5 minutes)
    python -m fiabilite.charge --duree 60 --debit 20 --tuer-worker-a 30   # panne : SIGKILL d'un worker
    python -m fiabilite.charge --url http://127.0.0.1:5000 --duree 60     # serveur déjà lancé (bouclage seulement)

Sans --url, démarre gunicorn (api/gunicorn.conf.py, 2 processus de travail) sur 127.0.0.1 et l'arrête
à la fin. Les requêtes partent à heure fixe (boucle ouverte : la i-ème à début + i/débit, quelle que
soit la durée des précédentes), en mélangeant :

- calcul     : POST /calculate, une personne (carrière de 2015 à l'année en cours, trois soldes) ;
- releve     : POST /releve, une personne de 2015 à l'année en cours ;
- population : POST /calculate/population, --personnes personnes (1 000 par défaut) en colonnes.

Bornes : au plus durée × débit requêtes, chacune avec un délai de 60 s ; l'essai s'arrête de lui-même
au plus tard 120 s après la durée prévue. Rapport : erreurs (doivent être 0), latences p50/p95/p99 par
type, débit servi, retard d'envoi, mémoire résidente du maître et des processus de travail échantillonnée
toutes les --echantillon secondes (elle ne doit pas croître), et, avec --tuer-worker-a, la panne.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import queue
import random
import signal
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fiabilite.serveur import Serveur, ServeurError, verifier_bouclage

TYPES = ("calcul", "releve", "population")
DELAI_REQUETE = 60.0
MARGE_ARRET = 120.0
MB = 1024 * 1024


# --- corps des requêtes, préparés d'avance ---


def _carriere(graine: int, fin: int) -> dict[str, dict[str, float]]:
    hasard = random.Random(graine)
    heures = {str(annee): float(hasard.choice([1607, 1607, 1200, 800, 400, 0])) for annee in range(2015, fin + 1)}
    return {"heures_travaillees": heures}


def corps_calcul(graine: int, annee: int) -> bytes:
    personne = _carriere(graine, annee)
    personne.update({"cpf_solde": {str(annee): None}, "cpf_alimentation": {str(annee): None}})
    if graine % 2:
        personne["cec_benevolat_heures"] = {str(annee - 1): 200.0}
        personne["cec_benevolat_heures_association_principale"] = {str(annee - 1): 200.0}
        personne["cec_solde"] = {str(annee): None}
    return json.dumps({"individus": {f"personne_{graine}": personne}}).encode()


def corps_releve(graine: int, annee: int) -> bytes:
    return json.dumps({"individu": _carriere(graine, annee), "debut": 2015, "fin": annee}).encode()


def corps_population(graine: int, annee: int, personnes: int) -> bytes:
    hasard = random.Random(graine)
    entree = {
        "heures_travaillees": {
            str(y): [float(hasard.choice([1607, 1200, 800, 0])) for _ in range(personnes)]
            for y in range(2015, annee + 1)
        }
    }
    sortie = {"cpf_solde": [str(annee)], "cpf_alimentation": [str(annee)]}
    return json.dumps({"count": personnes, "input": entree, "output": sortie}).encode()


CHEMINS = {"calcul": "/calculate", "releve": "/releve", "population": "/calculate/population"}


def preparer_corps(personnes: int, variantes: int = 8) -> dict[str, list[bytes]]:
    annee = min(date.today().year, 2100)
    return {
        "calcul": [corps_calcul(g, annee) for g in range(variantes)],
        "releve": [corps_releve(g, annee) for g in range(variantes)],
        "population": [corps_population(g, annee, personnes) for g in range(max(2, variantes // 4))],
    }


def reponse_attendue(type_: str, corps: bytes) -> bool:
    """La réponse 200 a la forme attendue (et pas seulement le bon statut)."""
    donnees = json.loads(corps)
    if type_ == "calcul":
        return all(
            isinstance(v, float) for p in donnees["individus"].values() for vs in p.values() for v in vs.values()
        )
    if type_ == "releve":
        return bool(donnees["comptes"]) and donnees["comptes"][0]["annees"][-1]["solde_fin"]["valeur"] >= 0
    return all(len(colonne) > 0 for vs in donnees["output"].values() for colonne in vs.values())


# --- résultats ---


@dataclass
class Resultat:
    type_: str
    prevu: float  # instant prévu d'envoi (s depuis le début)
    envoye: float
    duree: float  # latence de l'essai réussi, ou du dernier essai
    statut: int | None
    erreur: str | None
    essais: int
    echecs_premier_essai: str | None


@dataclass
class Essai:
    resultats: list[Resultat] = field(default_factory=list)
    memoire: list[dict] = field(default_factory=list)
    panne: dict = field(default_factory=dict)
    debut: float = 0.0
    fin: float = 0.0


def envoyer(hote: str, port: int, chemin: str, corps: bytes) -> tuple[int, bytes]:
    connexion = http.client.HTTPConnection(hote, port, timeout=DELAI_REQUETE)
    try:
        connexion.request("POST", chemin, body=corps, headers={"Content-Type": "application/json"})
        reponse = connexion.getresponse()
        return reponse.status, reponse.read()
    finally:
        connexion.close()


def _travailleur(hote, port, file: queue.Queue, essai: Essai, verrou, debut: float, relances: int, arret: float):
    while True:
        tache = file.get()
        if tache is None:
            return
        type_, prevu, corps = tache
        attente = debut + prevu - time.monotonic()
        if attente > 0:
            time.sleep(attente)
        envoye = time.monotonic() - debut
        premier_echec = None
        statut, erreur, essais = None, None, 0
        while True:
            essais += 1
            t0 = time.monotonic()
            try:
                statut, contenu = envoyer(hote, port, CHEMINS[type_], corps)
                erreur = None if statut == 200 and reponse_attendue(type_, contenu) else f"statut {statut}"
            except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                statut, erreur = None, type(exc).__name__
            duree = time.monotonic() - t0
            if erreur is None:
                break
            premier_echec = premier_echec or erreur
            # Seules les pannes de connexion sont relancées : un statut d'erreur est une vraie erreur.
            if statut is not None or essais > relances or time.monotonic() > arret:
                break
            time.sleep(0.2)
        with verrou:
            essai.resultats.append(Resultat(type_, prevu, envoye, duree, statut, erreur, essais, premier_echec))


def _echantillonner_memoire(serveur: Serveur | None, essai: Essai, debut: float, periode: float, fini: threading.Event):
    while not fini.wait(0 if not essai.memoire else periode):
        if serveur is None:
            return
        mesure = serveur.rss()
        essai.memoire.append(
            {
                "t": round(time.monotonic() - debut, 1),
                "maitre": mesure["maitre"],
                "workers": {str(pid): rss for pid, rss in mesure["workers"].items()},
            }
        )


def _tuer_un_worker(serveur: Serveur, essai: Essai, debut: float, a: float, fini: threading.Event):
    if fini.wait(max(0.0, debut + a - time.monotonic())):
        return
    avant = serveur.processus()
    if not avant:
        essai.panne = {"erreur": "aucun processus de travail trouvé"}
        return
    victime = random.Random(0).choice(avant)
    os.kill(victime, signal.SIGKILL)
    tue_a = time.monotonic() - debut
    essai.panne = {"pid_tue": victime, "tue_a": round(tue_a, 2), "avant": avant}
    limite = time.monotonic() + 30
    while time.monotonic() < limite and not fini.is_set():
        apres = serveur.processus()
        nouveaux = sorted(set(apres) - set(avant))
        if nouveaux and len(apres) >= len(avant):
            essai.panne.update(
                {
                    "remplace_par": nouveaux,
                    "remplace_en_s": round(time.monotonic() - debut - tue_a, 2),
                    "apres": apres,
                }
            )
            return
        time.sleep(0.05)
    essai.panne["remplace_par"] = None


def lancer(
    url: str | None,
    duree: float,
    debit: float,
    melange: dict[str, float],
    personnes: int = 1000,
    workers: int = 2,
    concurrence: int = 32,
    relances: int = 1,
    echantillon: float = 5.0,
    tuer_worker_a: float | None = None,
    graine: int = 1,
    journal: Path | None = None,
) -> dict:
    """Un essai de charge complet ; renvoie le rapport (dict sérialisable en JSON)."""
    if duree <= 0 or debit <= 0:
        raise ValueError("la durée et le débit doivent être positifs")
    total = int(duree * debit)
    hasard = random.Random(graine)
    corps = preparer_corps(personnes)
    types = list(melange)
    poids = [melange[t] for t in types]
    plan = []
    for rang in range(total):
        type_ = hasard.choices(types, poids)[0]
        plan.append((type_, rang / debit, hasard.choice(corps[type_])))

    serveur = None
    if url is None:
        serveur = Serveur(workers=workers, journal=journal).demarrer()
        url = serveur.url
    elif tuer_worker_a is not None:
        raise ServeurError("--tuer-worker-a demande un serveur démarré par cet outil (sans --url)")
    hote, port = verifier_bouclage(url)
    essai = Essai()
    try:
        essai.debut = time.monotonic()
        arret = essai.debut + duree + MARGE_ARRET
        file: queue.Queue = queue.Queue()
        verrou = threading.Lock()
        fini = threading.Event()
        fils = [
            threading.Thread(
                target=_travailleur,
                args=(hote, port, file, essai, verrou, essai.debut, relances, arret),
                daemon=True,
            )
            for _ in range(concurrence)
        ]
        for fil in fils:
            fil.start()
        memoire = threading.Thread(
            target=_echantillonner_memoire, args=(serveur, essai, essai.debut, echantillon, fini), daemon=True
        )
        memoire.start()
        panne = None
        if tuer_worker_a is not None and serveur is not None:
            panne = threading.Thread(
                target=_tuer_un_worker, args=(serveur, essai, essai.debut, tuer_worker_a, fini), daemon=True
            )
            panne.start()
        # Les tâches sont données au fil de l'eau : un fil libre prend la prochaine à envoyer.
        for tache in plan:
            while file.qsize() > concurrence and time.monotonic() < arret:
                time.sleep(0.005)
            if time.monotonic() > arret:
                break
            file.put(tache)
        for _ in fils:
            file.put(None)
        for fil in fils:
            fil.join(timeout=max(1.0, arret - time.monotonic()))
        essai.fin = time.monotonic()
        fini.set()
        memoire.join(timeout=10)
        if panne is not None:
            panne.join(timeout=35)
        if serveur is not None:
            essai.memoire.append(
                {
                    "t": round(time.monotonic() - essai.debut, 1),
                    "maitre": serveur.rss()["maitre"],
                    "workers": {str(p): r for p, r in serveur.rss()["workers"].items()},
                }
            )
    finally:
        code_arret = serveur.arreter() if serveur is not None else None
    rapport = resumer(essai, duree, debit, total, personnes, workers if serveur else None, relances)
    if serveur is not None:
        texte = serveur.lire_journal()
        rapport["serveur"] = {
            "demarrage_s": round(serveur.duree_demarrage or 0, 2),
            "code_arret": code_arret,
            "erreurs_internes_journalisees": texte.count("Erreur non prévue"),
            "workers_demarres": texte.count("Booting worker"),
            "journal": str(serveur.journal),
        }
    return rapport


def _centile(valeurs: list[float], q: float) -> float | None:
    if not valeurs:
        return None
    ordonnees = sorted(valeurs)
    rang = max(0, min(len(ordonnees) - 1, math.ceil(q / 100 * len(ordonnees)) - 1))  # rang le plus proche
    return ordonnees[rang]


def resumer(essai: Essai, duree, debit, total, personnes, workers, relances) -> dict:
    ecoule = max(1e-9, essai.fin - essai.debut)
    par_type = {}
    for type_ in TYPES:
        lot = [r for r in essai.resultats if r.type_ == type_]
        if not lot:
            continue
        ok = [r.duree * 1000 for r in lot if r.erreur is None]
        par_type[type_] = {
            "requetes": len(lot),
            "reussies": len(ok),
            "erreurs": len(lot) - len(ok),
            "echecs_premier_essai": sum(1 for r in lot if r.echecs_premier_essai),
            "p50_ms": _arrondi(_centile(ok, 50)),
            "p95_ms": _arrondi(_centile(ok, 95)),
            "p99_ms": _arrondi(_centile(ok, 99)),
            "max_ms": _arrondi(max(ok) if ok else None),
        }
    erreurs = [r for r in essai.resultats if r.erreur is not None]
    premiers = [r for r in essai.resultats if r.echecs_premier_essai]
    retards = [max(0.0, r.envoye - r.prevu) * 1000 for r in essai.resultats]
    memoire = analyser_memoire(essai.memoire, duree)
    return {
        "duree_prevue_s": duree,
        "debit_prevu_par_s": debit,
        "requetes_prevues": total,
        "requetes_envoyees": len(essai.resultats),
        "duree_s": round(ecoule, 1),
        "debit_servi_par_s": round(sum(1 for r in essai.resultats if r.erreur is None) / ecoule, 2),
        "personnes_par_population": personnes,
        "workers": workers,
        "relances_permises": relances,
        "erreurs": len(erreurs),
        "detail_erreurs": sorted({f"{r.type_} : {r.erreur}" for r in erreurs}),
        "echecs_premier_essai": len(premiers),
        "detail_echecs_premier_essai": sorted({f"{r.type_} : {r.echecs_premier_essai}" for r in premiers}),
        "retard_envoi_p99_ms": _arrondi(_centile(retards, 99)),
        "par_type": par_type,
        "memoire": memoire,
        "panne": essai.panne,
    }


def _arrondi(x):
    return None if x is None else round(x, 1)


def analyser_memoire(echantillons: list[dict], duree: float) -> dict:
    """Pente de la mémoire des processus de travail après l'échauffement (premier quart de l'essai).

    Seuls les processus présents du début à la fin comptent (un processus remplacé après une panne
    repart de la mémoire du maître).
    """
    if len(echantillons) < 3:
        return {"echantillons": echantillons}
    communs = set(echantillons[0]["workers"])
    for e in echantillons:
        communs &= set(e["workers"])
    serie = [(e["t"], sum(e["workers"][p] for p in communs) / MB) for e in echantillons if communs]
    apres = [(t, m) for t, m in serie if t >= duree / 4] or serie
    pente = 0.0
    if len(apres) >= 2:
        moyenne_t = statistics.fmean(t for t, _ in apres)
        moyenne_m = statistics.fmean(m for _, m in apres)
        variance = sum((t - moyenne_t) ** 2 for t, _ in apres)
        if variance:
            pente = sum((t - moyenne_t) * (m - moyenne_m) for t, m in apres) / variance * 60
    return {
        "workers_suivis": sorted(communs),
        "rss_workers_mo": [(t, round(m, 1)) for t, m in serie],
        "rss_maitre_mo": [(e["t"], round((e["maitre"] or 0) / MB, 1)) for e in echantillons],
        "rss_debut_mo": round(apres[0][1], 1) if apres else None,
        "rss_fin_mo": round(apres[-1][1], 1) if apres else None,
        "rss_max_mo": round(max(m for _, m in serie), 1) if serie else None,
        "pente_mo_par_min": round(pente, 2),
    }


def afficher(rapport: dict) -> str:
    lignes = [
        f"Durée {rapport['duree_s']} s, débit prévu {rapport['debit_prevu_par_s']}/s, "
        f"servi {rapport['debit_servi_par_s']}/s ({rapport['requetes_envoyees']}/{rapport['requetes_prevues']} requêtes), "
        f"retard d'envoi p99 {rapport['retard_envoi_p99_ms']} ms",
        f"Erreurs : {rapport['erreurs']} {rapport['detail_erreurs'] or ''} ; "
        f"échecs au premier essai (relancés) : {rapport['echecs_premier_essai']} {rapport['detail_echecs_premier_essai'] or ''}",
        f"{'type':<12}{'requêtes':>10}{'erreurs':>9}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}",
    ]
    for type_, s in rapport["par_type"].items():
        lignes.append(
            f"{type_:<12}{s['requetes']:>10}{s['erreurs']:>9}{s['p50_ms']!s:>10}{s['p95_ms']!s:>10}"
            f"{s['p99_ms']!s:>10}{s['max_ms']!s:>10}"
        )
    memoire = rapport["memoire"]
    if "rss_workers_mo" in memoire:
        serie = memoire["rss_workers_mo"]
        pas = max(1, len(serie) // 12)
        lignes.append(
            "RSS des processus de travail (Mo, somme) : "
            + ", ".join(f"{t:g} s : {m}" for t, m in serie[::pas] + ([serie[-1]] if (len(serie) - 1) % pas else []))
        )
        lignes.append(
            f"Après échauffement : {memoire['rss_debut_mo']} → {memoire['rss_fin_mo']} Mo, "
            f"pente {memoire['pente_mo_par_min']} Mo/min, maximum {memoire['rss_max_mo']} Mo ; "
            f"maître {memoire['rss_maitre_mo'][0][1]} → {memoire['rss_maitre_mo'][-1][1]} Mo"
        )
    if rapport.get("panne"):
        lignes.append(f"Panne : {rapport['panne']}")
    if rapport.get("serveur"):
        lignes.append(f"Serveur : {rapport['serveur']}")
    return "\n".join(lignes)


def _melange(texte: str) -> dict[str, float]:
    resultat = {}
    for morceau in texte.split(","):
        nom, _, poids = morceau.partition("=")
        if nom.strip() not in TYPES:
            raise argparse.ArgumentTypeError(f"type inconnu « {nom} » (types : {', '.join(TYPES)})")
        resultat[nom.strip()] = float(poids)
    return resultat


def main(argv: list[str] | None = None) -> int:
    analyseur = argparse.ArgumentParser(prog="python -m fiabilite.charge", description=__doc__.split("\n\n")[0])
    analyseur.add_argument("--duree", type=float, default=300, help="durée en secondes (défaut : 300)")
    analyseur.add_argument("--debit", type=float, default=20, help="requêtes par seconde (défaut : 20)")
    analyseur.add_argument("--melange", type=_melange, default="calcul=60,releve=25,population=15")
    analyseur.add_argument("--personnes", type=int, default=1000, help="personnes par requête population")
    analyseur.add_argument("--workers", type=int, default=2, help="processus gunicorn (sans --url)")
    analyseur.add_argument("--url", default=None, help="serveur déjà lancé, sur l'adresse de bouclage seulement")
    analyseur.add_argument("--relances", type=int, default=1, help="nouvel essai après une panne de connexion")
    analyseur.add_argument("--echantillon", type=float, default=5, help="période d'échantillonnage de la mémoire (s)")
    analyseur.add_argument("--tuer-worker-a", type=float, default=None, help="SIGKILL d'un processus de travail à t s")
    analyseur.add_argument("--rapport", type=Path, default=None, help="fichier JSON du rapport")
    arguments = analyseur.parse_args(argv)
    try:
        rapport = lancer(
            arguments.url,
            arguments.duree,
            arguments.debit,
            arguments.melange,
            personnes=arguments.personnes,
            workers=arguments.workers,
            relances=arguments.relances,
            echantillon=arguments.echantillon,
            tuer_worker_a=arguments.tuer_worker_a,
        )
    except ServeurError as erreur:
        print(erreur, file=sys.stderr)
        return 2
    print(afficher(rapport))
    if arguments.rapport:
        arguments.rapport.parent.mkdir(parents=True, exist_ok=True)
        arguments.rapport.write_text(json.dumps(rapport, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if rapport["erreurs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
