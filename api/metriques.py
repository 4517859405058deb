"""Métriques Prometheus de l'API (prometheus-client), comptées dans chaque processus gunicorn.

Sous gunicorn, `api/gunicorn.conf.py` crée un dossier temporaire pour `PROMETHEUS_MULTIPROC_DIR`
avant tout import de prometheus-client : chaque processus de travail y écrit ses compteurs (fichiers
projetés en mémoire), `/metrics` les additionne, et le crochet `child_exit` marque les processus
morts. Hors gunicorn (tests, `flask run`), le registre ordinaire du processus sert.

Exposition (`CPA_METRIQUES`) : `app` (défaut, route `/metrics` de l'application, servie par un fil
du pool sans attendre les calculs), `port` (serveur HTTP à part, lancé par le maître gunicorn sur
`CPA_HOST:CPA_METRIQUES_PORT`), `non` (aucune exposition ; les compteurs restent tenus).

Étiquettes bornées : la route est la règle d'URL de Flask (`/parameter/<path:parameter_id>`), jamais
le chemin reçu ; les codes d'erreur sont ceux d'api/errors.py.
"""

from __future__ import annotations

import json
import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

#: Valeurs permises de CPA_METRIQUES.
EXPOSITIONS = ("app", "port", "non")
#: Route des requêtes sans règle d'URL (404).
SANS_ROUTE = "<inconnue>"

#: Limite franchie, par code d'erreur (api/errors.py, api/budget.py, api/delai.py).
LIMITES = {
    "corps_trop_volumineux": "taille",
    "trop_de_personnes": "personnes",
    "trop_de_periodes": "periodes",
    "calcul_trop_couteux": "cout",
    "delai_depasse": "delai",
    "service_occupe": "occupation",
    "delai_lecture_depasse": "lecture",
}

REQUETES = Counter(
    "cpa_requetes",
    "Requêtes HTTP servies, par route (règle d'URL), méthode et statut",
    ["route", "methode", "statut"],
)
DUREE = Histogram(
    "cpa_requete_duree_secondes",
    "Durée de traitement d'une requête par l'application, par route",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
PERSONNES = Counter("cpa_personnes_calculees", "Personnes calculées, par route", ["route"])
VALEURS = Counter(
    "cpa_valeurs_calculees",
    "Valeurs (variable, période) calculées et renvoyées (personnes × résultats demandés), par route",
    ["route"],
)
ERREURS = Counter("cpa_erreurs", "Réponses d'erreur, par code (api/errors.py) et statut", ["code", "statut"])
REFUS = Counter(
    "cpa_refus_limite",
    "Requêtes refusées par une limite (taille, personnes, periodes, cout, delai, occupation, lecture)",
    ["limite"],
)
VERSION = Gauge(
    "cpa_parametres_version",
    "Version des paramètres servie par les processus vivants (1) : empreinte de l'arbre et version du paquet",
    ["version", "paquet"],
    multiprocess_mode="livemax",
)
RECHARGEMENTS = Counter(
    "cpa_rechargements",
    "Rechargements des paramètres demandés par SIGHUP, par résultat (accepte, refuse)",
    ["resultat"],
)


def multiprocessus() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def exposition() -> tuple[bytes, str]:
    """Le texte Prometheus de tous les processus (ou de celui-ci hors gunicorn)."""
    if multiprocessus():
        registre = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registre)
        return generate_latest(registre), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def publier_version(version: str, paquet: str) -> None:
    """À l'entrée en service d'un processus : la version des paramètres qu'il sert."""
    VERSION.labels(version=version, paquet=paquet).set(1)


def processus_mort(pid: int) -> None:
    """Crochet `child_exit` de gunicorn : les jauges « live » du processus disparaissent."""
    if multiprocessus():
        _multiprocess.mark_process_dead(pid)


def compter_calcul(personnes: int, valeurs: int) -> None:
    """À appeler par une route de calcul réussie (route lue dans la requête en cours)."""
    from flask import g

    g.cpa_calcul = (personnes, valeurs)


def _route(request) -> str:
    return request.url_rule.rule if request.url_rule is not None else SANS_ROUTE


def compter_erreur(code: str, statut: int) -> None:
    ERREURS.labels(code=code, statut=str(statut)).inc()
    limite = LIMITES.get(code) or (code if statut == 413 else None)  # une limite ajoutée plus tard : son code
    if limite is not None:
        REFUS.labels(limite=limite).inc()


def install(app, mode: str) -> None:
    """Compteurs de chaque requête ; route /metrics si `mode` vaut « app »."""
    from flask import Response, g, request

    @app.before_request
    def debut():
        g.cpa_debut = time.perf_counter()

    @app.after_request
    def compter(response):
        route = _route(request)
        debut_ = g.get("cpa_debut")
        if debut_ is not None:
            DUREE.labels(route=route).observe(time.perf_counter() - debut_)
        REQUETES.labels(route=route, methode=request.method, statut=str(response.status_code)).inc()
        calcul = g.get("cpa_calcul")
        if calcul is not None and response.status_code < 400:
            PERSONNES.labels(route=route).inc(calcul[0])
            VALEURS.labels(route=route).inc(calcul[1])
        if response.status_code >= 400 and response.mimetype == "application/json" and not response.is_streamed:
            try:
                code = json.loads(response.get_data())["error"]["code"]
            except (ValueError, KeyError, TypeError):
                code = None
            if isinstance(code, str):
                compter_erreur(code, response.status_code)
        return response

    if mode == "app":

        def metrics():
            corps, type_ = exposition()
            return Response(corps, content_type=type_, headers={"Cache-Control": "no-store"})

        app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])


def compter_situation(situation: object) -> tuple[int, int]:
    """(personnes, valeurs demandées) d'une situation OpenFisca : une valeur par `null`."""
    personnes = valeurs = 0
    if not isinstance(situation, dict):
        return 0, 0
    for nom, entite in situation.items():
        if nom == "axes" or not isinstance(entite, dict):
            continue
        personnes += len(entite) if nom == "individus" else 0
        for individu in entite.values():
            if isinstance(individu, dict):
                for periodes in individu.values():
                    if isinstance(periodes, dict):
                        valeurs += sum(1 for valeur in periodes.values() if valeur is None)
    return personnes, valeurs


def compter_soldes(resultat: object) -> int:
    """Valeurs d'un relevé ou d'une projection : une par année de compte (clé `solde_fin`)."""
    if isinstance(resultat, dict):
        return int("solde_fin" in resultat) + sum(compter_soldes(valeur) for valeur in resultat.values())
    if isinstance(resultat, list):
        return sum(compter_soldes(valeur) for valeur in resultat)
    return 0
