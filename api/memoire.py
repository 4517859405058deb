"""Memory given back after a large request: garbage collection, then malloc_trim (glibc).

A request that parsed a big body or built a big answer leaves the worker's heap large: CPython and
glibc keep freed blocks for later, so the resident memory (RSS) of the worker stays at its peak and
two large requests in a row on two workers could hold twice the bound. After every request whose
worker RSS ends more than SEUIL above the worker's resting level, once the answer has been sent
(`Response.call_on_close`), the worker runs `gc.collect()` then `malloc_trim(0)` (glibc, through
ctypes; nothing elsewhere), which hands the free pages back to the system.

Arrow (CSV and Parquet bodies) allocates through its own pool (jemalloc or mimalloc), which
malloc_trim does not reach: the app makes Arrow use the system allocator (`pyarrow.system_memory_pool`).

No Flask import at module level; `install(app)` is called by create_app.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

logger = logging.getLogger(__name__)

MIB = 1024 * 1024
#: RSS above the resting level after which memory is given back (bytes).
SEUIL = 64 * MIB


def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): gc only
        return None


_TRIM = _malloc_trim()


def rss() -> int:
    try:
        import psutil

        return psutil.Process().memory_info().rss
    except Exception:  # pragma: no cover - psutil is a dependency
        return 0


def liberer() -> int:
    """gc.collect() then malloc_trim(0); returns the RSS after."""
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)
    return rss()


class Gardien:
    """Resting level of the worker's RSS, and the release after a request that ended above it."""

    def __init__(self, seuil: int = SEUIL):
        self.seuil = seuil
        self.repos: int | None = None
        self.liberations = 0

    def apres_requete(self) -> None:
        courant = rss()
        if self.repos is None:
            self.repos = liberer()
            return
        if courant > self.repos + self.seuil:
            apres = liberer()
            self.liberations += 1
            logger.info(
                "Mémoire rendue après une requête : %d Mio -> %d Mio (repos %d Mio)",
                courant // MIB,
                apres // MIB,
                self.repos // MIB,
            )
            # What could not be given back (fragmentation) becomes the new resting level.
            self.repos = max(self.repos, apres)


def install(app, seuil: int = SEUIL) -> Gardien:
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    gardien = Gardien(seuil)
    app.extensions["cpa_memoire"] = gardien

    @app.after_request
    def rendre_la_memoire(response):
        response.call_on_close(gardien.apres_requete)
        return response

    return gardien
