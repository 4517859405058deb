"""Exécution sur Dask distributed : un lot d'individus par tâche, sur un LocalCluster ou un ordonnanceur.

Le client lit le fichier par lots d'individus (comme en local), envoie les lignes brutes de
chaque lot à un travailleur (``client.scatter`` puis ``client.submit(tache_travailleur, …)``), qui
les valide, les convertit et les simule ; le client récupère les résultats dans l'ordre des lots,
avec au plus `en_vol` lots en cours pour borner la mémoire. L'écriture
et la synthèse restent sur le client : mêmes lots, même ordre, même code de calcul, donc
mêmes nombres qu'en local. Les travailleurs n'ont besoin d'aucun fichier partagé, seulement
du paquet openfisca-cpa installé dans la même version.
"""

import logging
import os
from collections import deque
from dataclasses import dataclass

from openfisca_cpa.population.simulation import tache

_MALLOC_REGLE = False


def _regler_malloc():
    """Rend à glibc un seuil mmap raisonnable dans un travailleur Dask (une fois par processus).

    Le Nanny de Dask lance ses travailleurs avec MALLOC_TRIM_THRESHOLD_=65536, ce qui fige le seuil
    mmap de glibc à 128 Kio : chaque tableau numpy temporaire devient un mmap/munmap et la simulation
    d'un lot est environ trois fois plus lente (mesuré : 1,3 s au lieu de 0,4 s pour 100 000 individus).
    On remet les seuils que glibc atteint seul (32 Mio pour mmap, 64 Mio pour le rognage).
    """
    global _MALLOC_REGLE
    if _MALLOC_REGLE:
        return
    _MALLOC_REGLE = True
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 1024 * 1024)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 64 * 1024 * 1024)  # M_TRIM_THRESHOLD
    except (OSError, AttributeError):  # pas glibc : rien à régler
        pass


def tache_travailleur(source, brut, parametres):
    """La tâche d'un travailleur : conversion des lignes brutes du lot, puis le même calcul qu'en local."""
    _regler_malloc()
    numero, table, lignes = brut
    return tache(source.convertir_lot(numero, table, lignes), parametres)


@dataclass
class ConfigurationDask:
    """Où calculer : `scheduler` (« tcp://hôte:8786 ») ou un LocalCluster de `workers` processus."""

    scheduler: str | None = None
    workers: int = 2
    processus: bool = True
    en_vol: int | None = None

    def description(self):
        if self.scheduler:
            return f"ordonnanceur {self.scheduler}"
        genre = "processus" if self.processus else "fils d'exécution"
        return f"LocalCluster, {self.workers} travailleur(s) en {genre}"


def _client(configuration):
    # Journal de Dask réduit aux erreurs, ici et dans les travailleurs lancés (variable héritée).
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)

    if configuration.scheduler:
        return Client(configuration.scheduler), None
    cluster = LocalCluster(
        n_workers=configuration.workers,
        threads_per_worker=1,
        processes=configuration.processus,
        dashboard_address=None,
    )
    return Client(cluster), cluster


def executer_dask(source, parametres, configuration, bruts=None):
    """Les résultats des lots, dans l'ordre, calculés par les travailleurs Dask.

    Le client lit les lignes brutes de chaque lot (pyarrow, en colonnes) ; la conversion, la
    validation et la simulation se font sur les travailleurs.
    """
    bruts = source.lots_bruts() if bruts is None else bruts
    client, cluster = _client(configuration)
    try:
        travailleurs = max(1, len(client.scheduler_info()["workers"]))
        en_vol = configuration.en_vol or 2 * travailleurs
        file = deque()
        for brut in bruts:
            (donnees,) = client.scatter([brut], hash=False)
            futur = client.submit(tache_travailleur, source, donnees, parametres, pure=False)
            file.append((donnees, futur))
            if len(file) >= en_vol:
                yield _recuperer(file.popleft(), parametres)
        while file:
            yield _recuperer(file.popleft(), parametres)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _recuperer(element, parametres):
    donnees, futur = element
    resultat = futur.result()
    futur.release()
    donnees.release()
    return resultat[parametres.scenarios[0]].n, resultat
