"""Per-request deadline (CPA_DELAI_CALCUL): a computation still running is stopped and answered 503.

The estimate of api/budget.py refuses what is obviously too big before computing; the deadline
catches the rest. A request served in the main thread (sync workers, the Flask test client) is
interrupted by a SIGALRM timer (signal.setitimer) between two Python instructions: the handler
raises DelaiDepasseError, which unwinds the computation and is answered as the usual JSON error.
The timer is armed before each request and disarmed when the answer is built.

Outside the main thread (gunicorn's gthread workers, the production model, or `flask run`), signals
cannot be used: the watchdog of api/minuteur.py raises the same error in the request's thread.
The deadline is kept below CPA_TIMEOUT, gunicorn's own safety net.
"""

from __future__ import annotations

import logging
import signal
import threading

from api.errors import ApiError
from api.minuteur import MINUTEUR

logger = logging.getLogger(__name__)

#: Seconds after which the signal is sent again if library code swallowed the first exception.
RELANCE = 1.0


class DelaiDepasseError(ApiError):
    status = 503
    code = "delai_depasse"

    def on_respond(self) -> None:
        # Aussi quand l'erreur survient pendant la finalisation de la réponse (api.errors répond).
        _disarm()
        MINUTEUR.desarmer()
        logger.warning("Délai de calcul dépassé : requête interrompue")


def effective_deadline(deadline: float, timeout: float | None) -> float:
    """CPA_DELAI_CALCUL, kept one second under gunicorn's CPA_TIMEOUT (0: no deadline)."""
    if deadline <= 0:
        return 0
    if timeout and deadline >= timeout:
        adjusted = max(1, timeout - 1)
        logger.warning(
            "CPA_DELAI_CALCUL (%s s) n'est pas inférieur à CPA_TIMEOUT (%s s) : délai ramené à %s s",
            deadline,
            timeout,
            adjusted,
        )
        return adjusted
    return deadline


def _error(seconds: float) -> DelaiDepasseError:
    return DelaiDepasseError(
        f"Le calcul a dépassé le délai de {seconds:g} s (CPA_DELAI_CALCUL) et a été interrompu. "
        "Découpez la population en plusieurs requêtes, demandez moins de résultats ou un horizon plus proche.",
        expected=f"un calcul de moins de {seconds:g} s",
        received=None,
    )


def _disarm() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.setitimer(signal.ITIMER_REAL, 0)


def install(app, seconds: float) -> None:
    """Arm a deadline of `seconds` around every request of `app` (nothing if 0)."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        return
    from flask import g

    def on_alarm(signum, frame):
        signal.setitimer(signal.ITIMER_REAL, RELANCE)  # again, in case the first one is swallowed
        raise _error(seconds)

    class ThreadDeadlineError(DelaiDepasseError):
        """Raised in a pool thread by the watchdog (a class instantiated without arguments)."""

        def __init__(self):
            error = _error(seconds)
            super().__init__(error.message, expected=error.expected, received=None)

    @app.before_request
    def arm():
        if threading.current_thread() is not threading.main_thread():
            MINUTEUR.armer(seconds, ThreadDeadlineError)
            g.cpa_delai_arme = "fil"
            return
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        g.cpa_delai_arme = "signal"

    def disarm_now():
        arme = g.pop("cpa_delai_arme", None)
        if arme == "fil":
            MINUTEUR.desarmer()
        elif arme == "signal":
            _disarm()

    @app.after_request
    def disarm_after(response):
        # Registered last, run first: the answer is built, nothing left to interrupt.
        disarm_now()
        return response

    @app.teardown_request
    def disarm(_error=None):
        disarm_now()
