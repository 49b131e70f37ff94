"""Recurring demands over the whole archive, computed once per data version and kept in memory.

Re-clustering every published input takes seconds to minutes on a large archive (46 s at
50,000 inputs, 142 s at 100,000: benchmarks/bench_recurrence.py), and the data version changes
on every write. So after a write, pages get the previous version's result at once while one
background thread per process recomputes (stale-while-revalidate). The first computation is
started when the application loads (`common/warmup.py`); a request that comes before it is done
waits for it. With settings.INNSPILL_TASKS_EAGER (tests) the recomputation runs inline.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection

from innspill.analysis.recurrence import Cluster, Item, Recurrence, analyse_recurrence
from innspill.inputs.models import DataVersion, Input, Status

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Snapshot:
    version: str
    recurrence: Recurrence
    members: dict[int, Cluster]


# Held for every computation, so a process never clusters the archive twice at once.
_compute_lock = threading.Lock()
# Guards the hand-over of _refreshing.
_state_lock = threading.Lock()
_cache: _Snapshot | None = None
_refreshing: threading.Thread | None = None


def archive_recurrence() -> Recurrence:
    """Clusters of published inputs (min_years=1 kept; callers filter) and, per input, its other years."""
    return _current().recurrence


def cluster_of(pk: int) -> Cluster | None:
    """The cluster an input belongs to, looked up without scanning every cluster."""
    return _current().members.get(pk)


def _current() -> _Snapshot:
    version = DataVersion.current()
    cached = _cache
    if cached is not None and cached.version == version:
        return cached
    if cached is None:
        return _compute(version)
    if getattr(settings, "INNSPILL_TASKS_EAGER", False):
        try:
            return _compute(version)
        except Exception:
            # An old result is better than a broken page; the next request tries again.
            log.exception("recurrence: recomputing for data version %s failed", version)
            return cached
    _refresh_in_background()
    return cached


def _compute(version: str) -> _Snapshot:
    """The snapshot for `version`, computed unless a computation that just finished made it."""
    global _cache
    with _compute_lock:
        cached = _cache
        if cached is not None and cached.version == version:
            return cached
        # The version is read before the rows: a write in between leaves a snapshot labelled
        # older than its data, which costs one more recomputation, never a stale page for good.
        version = DataVersion.current()
        rows = Input.objects.filter(status=Status.PUBLISHED).values_list(
            "pk", "year", "text", "session__title", "theme__key"
        )
        items = [
            Item(id=pk, year=year, text=text, session=session, theme=theme)
            for pk, year, text, session, theme in rows
        ]
        recurrence = analyse_recurrence(items, min_years=1)
        members = {pk: c for c in recurrence.clusters for pk in c.member_ids}
        _cache = _Snapshot(version=version, recurrence=recurrence, members=members)
        return _cache


def _refresh_in_background() -> None:
    global _refreshing
    with _state_lock:
        # is_alive, not only the flag: after a fork the child has no such thread running.
        if _refreshing is not None and _refreshing.is_alive():
            return
        _refreshing = threading.Thread(target=_refresh, name="innspill-recurrence", daemon=True)
        _refreshing.start()


def _refresh() -> None:
    global _refreshing
    close_old_connections()
    try:
        _compute(DataVersion.current())
    except Exception:
        # Pages keep the old result; the next request that finds it stale starts a new attempt.
        log.exception("recurrence: background recomputation failed")
    finally:
        connection.close()
        with _state_lock:
            if _refreshing is threading.current_thread():
                _refreshing = None
