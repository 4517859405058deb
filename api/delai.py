"""Per-request deadline (CPA_DELAI_CALCUL): a computation still running is stopped and answered 503.

The estimate of api/budget.py refuses what is obviously too big before computing; the deadline
catches the rest. Under gunicorn's sync workers a request runs in the worker's main thread, so a
SIGALRM timer (signal.setitimer) interrupts it between two Python instructions: the handler raises
DelaiDepasseError, which unwinds the computation and is answered as the usual JSON error. The
timer is armed before each request and disarmed when the request ends.

Without it, gunicorn would kill the worker at CPA_TIMEOUT and the client would get a closed
connection instead of an answer: the deadline is therefore kept below CPA_TIMEOUT.

Where signals cannot be used (a request served outside the main thread, e.g. `flask run` with
threads), no deadline applies; CPA_TIMEOUT of gunicorn remains.
"""

from __future__ import annotations

import logging
import signal
import threading

from api.errors import ApiError

logger = logging.getLogger(__name__)

#: Seconds after which the signal is sent again if library code swallowed the first exception.
RELANCE = 1.0


class DelaiDepasseError(ApiError):
    status = 503
    code = "delai_depasse"

    def on_respond(self) -> None:
        # Also when raised while the answer is being finalised (api.errors answers the original error).
        _disarm()
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

    @app.before_request
    def arm():
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        g.cpa_delai_arme = True

    @app.teardown_request
    def disarm(_error=None):
        if g.get("cpa_delai_arme"):
            _disarm()
            g.cpa_delai_arme = False
