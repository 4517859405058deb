"""Worker gunicorn de l'API : gthread, avec un délai de lecture par connexion.

Le worker gthread de gunicorn attend qu'une connexion ait des données avant de la confier à un fil,
puis lit la requête en mode bloquant, sans limite de temps : un client qui envoie la moitié d'un
corps puis se tait garde son fil indéfiniment. Ici, la prise reçoit un délai (`CPA_DELAI_LECTURE`,
30 s par défaut) : au-delà de ce silence, la lecture échoue, l'API répond 408
`delai_lecture_depasse` si le corps était en cours (api/service.py) et la connexion est fermée ;
un client muet pendant ses en-têtes est déconnecté sans trace d'exception au journal.
"""

from __future__ import annotations

import os

from gunicorn.http.errors import NoMoreData
from gunicorn.workers.gthread import ThreadWorker


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
        super().init_process()

    def handle(self, conn):
        conn.sock.settimeout(self.delai_lecture)  # conn.init() l'a remise en mode bloquant, sans délai
        if conn.parser is not None and not isinstance(conn.parser, _LecteurBorne):
            conn.parser = _LecteurBorne(conn.parser)
        return super().handle(conn)
