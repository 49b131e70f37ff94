"""Recurring demands over the whole archive, computed once per data version and kept in memory."""

from __future__ import annotations

import threading

from innspill.analysis.recurrence import Cluster, Item, Recurrence, analyse_recurrence
from innspill.inputs.models import DataVersion, Input, Status

_lock = threading.Lock()
_cache: tuple[str, Recurrence, dict[int, Cluster]] | None = None


def archive_recurrence() -> Recurrence:
    """Clusters of published inputs (min_years=1 kept; callers filter) and, per input, its other years."""
    return _current()[1]


def cluster_of(pk: int) -> Cluster | None:
    """The cluster an input belongs to, looked up without scanning every cluster."""
    return _current()[2].get(pk)


def _current() -> tuple[str, Recurrence, dict[int, Cluster]]:
    global _cache
    version = DataVersion.current()
    with _lock:
        if _cache is None or _cache[0] != version:
            rows = Input.objects.filter(status=Status.PUBLISHED).values_list(
                "pk", "year", "text", "session__title", "theme__key"
            )
            items = [
                Item(id=pk, year=year, text=text, session=session, theme=theme)
                for pk, year, text, session, theme in rows
            ]
            recurrence = analyse_recurrence(items, min_years=1)
            members = {pk: c for c in recurrence.clusters for pk in c.member_ids}
            _cache = (version, recurrence, members)
        return _cache
