"""Délai par requête hors du fil principal : une exception levée dans le fil de la requête.

Sous les workers gthread de gunicorn, une requête s'exécute dans un fil du pool, où SIGALRM ne peut
pas être utilisé (un signal est toujours traité par le fil principal). Un fil de surveillance, un
par processus, garde l'échéance de chaque requête ; à l'échéance, il lève l'exception de délai
dans le fil de la requête (`PyThreadState_SetAsyncExc`, l'équivalent pour un fil du gestionnaire
de signal : l'exception arrive entre deux instructions Python, donc après une opération numpy en
cours), puis la relève chaque seconde tant que la requête n'a pas désarmé (au cas où du code
l'aurait avalée). Désarmer annule une exception levée mais pas encore reçue.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time

RELANCE = 1.0

_lever = ctypes.pythonapi.PyThreadState_SetAsyncExc
_lever.argtypes = (ctypes.c_ulong, ctypes.py_object)


def _lever_dans(ident: int, exception: type[BaseException] | None) -> None:
    _lever(ctypes.c_ulong(ident), ctypes.py_object(exception) if exception is not None else ctypes.py_object())


class _Echeance:
    __slots__ = ("exception", "levee", "moment")

    def __init__(self, moment: float, exception: type[BaseException]):
        self.moment = moment
        self.exception = exception
        self.levee = False


class Minuteur:
    """Les échéances des requêtes en cours d'un processus, surveillées par un seul fil."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._echeances: dict[int, _Echeance] = {}
        self._pid: int | None = None

    def armer(self, secondes: float, exception: type[BaseException]) -> None:
        """Lève `exception` (une classe, instanciée sans argument) dans le fil courant dans `secondes`."""
        with self._condition:
            if self._pid != os.getpid():  # premier usage, ou processus issu d'un fork : pas de fil
                self._echeances.clear()
                self._pid = os.getpid()
                threading.Thread(target=self._surveiller, name="cpa-delai", daemon=True).start()
            self._echeances[threading.get_ident()] = _Echeance(time.monotonic() + secondes, exception)
            self._condition.notify()

    def desarmer(self) -> None:
        ident = threading.get_ident()
        with self._condition:
            echeance = self._echeances.pop(ident, None)
            if echeance is not None and echeance.levee:
                _lever_dans(ident, None)  # une exception levée mais pas encore reçue est annulée

    def _surveiller(self) -> None:
        with self._condition:
            while True:
                maintenant = time.monotonic()
                prochaine = None
                for ident, echeance in self._echeances.items():
                    if echeance.moment <= maintenant:
                        _lever_dans(ident, echeance.exception)
                        echeance.levee = True
                        echeance.moment = maintenant + RELANCE
                    prochaine = echeance.moment if prochaine is None else min(prochaine, echeance.moment)
                self._condition.wait(None if prochaine is None else max(0.0, prochaine - maintenant))


MINUTEUR = Minuteur()
