"""Worker gunicorn de l'API : gthread, avec un délai de lecture par connexion et un arrêt sans perte.

Le worker gthread de gunicorn attend qu'une connexion ait des données avant de la confier à un fil,
puis lit la requête en mode bloquant, sans limite de temps : un client qui envoie la moitié d'un
corps puis se tait garderait son fil indéfiniment, et un client qui se connecte sans rien envoyer
garderait une place de connexion. Ici :

- la prise reçoit un délai (`CPA_DELAI_LECTURE`, 30 s par défaut) : au-delà de ce silence, la
  lecture échoue, l'API répond 408 `delai_lecture_depasse` si le corps était en cours
  (api/service.py) et la connexion est fermée ; un client muet pendant ses en-têtes est déconnecté
  sans trace d'exception au journal ;
- une connexion acceptée qui n'envoie rien pendant `CPA_DELAI_LECTURE` secondes est fermée ;
- à l'arrêt gracieux (SIGTERM, SIGHUP du maître), les connexions déjà acceptées dont la requête
  n'est pas encore arrivée sont encore servies (quelques secondes au plus) au lieu d'être fermées.
"""

from __future__ import annotations

import contextlib
import errno
import os
import selectors
import time
from collections import deque
from concurrent import futures
from functools import partial

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import TConn, ThreadWorker

#: Attente maximale, à l'arrêt, des requêtes de connexions déjà acceptées (secondes).
VIDANGE = 3.0


class _LecteurBorne:
    """Le lecteur de requêtes de gunicorn, dont un silence trop long vaut une déconnexion."""

    def __init__(self, lecteur):
        self.lecteur = lecteur

    def __iter__(self):
        return self

    def __next__(self):
        try:
            return next(self.lecteur)
        except TimeoutError:
            raise NoMoreData(b"") from None


class TravailleurFils(ThreadWorker):
    """ThreadWorker dont chaque prise a un délai de lecture (CPA_DELAI_LECTURE)."""

    def init_process(self):
        self.delai_lecture = float(os.environ.get("CPA_DELAI_LECTURE") or 30)
        self._en_attente: deque = deque()  # (échéance, connexion acceptée sans données encore)
        super().init_process()

    def handle(self, conn):
        conn.sock.settimeout(self.delai_lecture)  # conn.init() l'a remise en mode bloquant, sans délai
        if conn.parser is not None and not isinstance(conn.parser, _LecteurBorne):
            conn.parser = _LecteurBorne(conn.parser)
        return super().handle(conn)

    def accept(self, server, listener):
        try:
            sock, client = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        conn = TConn(self.cfg, sock, client, server)
        self.nr_conns += 1
        with self._lock:
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_client_socket_readable, conn))
        self._en_attente.append((time.monotonic() + self.delai_lecture, conn))

    def murder_keepalived(self):
        super().murder_keepalived()
        maintenant = time.monotonic()
        while self._en_attente and (self._en_attente[0][0] <= maintenant or self._en_attente[0][1].initialized):
            _, conn = self._en_attente.popleft()
            if conn.initialized:
                continue
            self.nr_conns -= 1
            with self._lock, contextlib.suppress(KeyError, ValueError, OSError):
                self.poller.unregister(conn.sock)
            conn.close()

    def run(self):
        """La boucle de gthread, suivie d'une vidange des connexions acceptées à l'arrêt."""
        for sock in self.sockets:
            sock.setblocking(False)
            server = sock.getsockname()
            self.poller.register(sock, selectors.EVENT_READ, partial(self.accept, server))

        while self.alive:
            self.notify()
            if self.nr_conns < self.worker_connections:
                for key, _ in self.poller.select(1.0):
                    key.data(key.fileobj)
                result = futures.wait(self.futures, timeout=0, return_when=futures.FIRST_COMPLETED)
            else:
                result = futures.wait(self.futures, timeout=1.0, return_when=futures.FIRST_COMPLETED)
            for fut in result.done:
                self.futures.remove(fut)
            if not self.is_parent_alive():
                break
            self.murder_keepalived()

        # Arrêt : plus de nouvelle connexion, mais les requêtes déjà acceptées sont servies.
        for sock in self.sockets:
            with contextlib.suppress(KeyError, ValueError, OSError):
                self.poller.unregister(sock)
        fin = time.monotonic() + VIDANGE
        while time.monotonic() < fin and any(not conn.initialized for _, conn in self._en_attente):
            self.notify()
            for key, _ in self.poller.select(0.2):
                key.data(key.fileobj)
            self.murder_keepalived()

        self.tpool.shutdown(False)
        self.poller.close()
        for s in self.sockets:
            s.close()
        futures.wait(self.futures, timeout=self.cfg.graceful_timeout)
