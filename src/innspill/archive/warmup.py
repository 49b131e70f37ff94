"""Build the per-process archive caches when the web application starts, not on a visitor's request.

The first search builds the column index (about 3 s at 100,000 inputs); later rebuilds already
run in the background, but the first in each process would block a request. The «Går igjen»
clustering is no per-process cache: a task stores it once for all (archive/services.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connection

from innspill.archive import engine

log = logging.getLogger(__name__)

CACHES: dict[str, Callable[[], object]] = {
    "column index": engine.column_index,
}


def warm_caches() -> dict[str, float]:
    """Build each cache for the current data version; the seconds each took (failures logged, left out)."""
    seconds = {}
    for name, build in CACHES.items():
        start = time.perf_counter()
        try:
            build()
        except Exception:
            # Never fatal: the first request that needs this cache builds it, as without warm-up.
            log.exception("warm-up: building the %s failed", name)
            continue
        seconds[name] = time.perf_counter() - start
    log.info(
        "warm-up: done (%s)",
        ", ".join(f"{name} {took:.2f} s" for name, took in seconds.items()) or "nothing built",
    )
    return seconds


def warm_caches_in_background() -> threading.Thread:
    """Start a daemon thread that runs warm_caches() on its own database connection."""
    thread = threading.Thread(target=_warm, name="innspill-warmup", daemon=True)
    thread.start()
    return thread


def _warm() -> None:
    close_old_connections()
    try:
        warm_caches()
    finally:
        connection.close()
