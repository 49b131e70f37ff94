"""The platform's one clock: every «now» and «today» in services, demo data and tasks comes from here.

Tests move it with `moved(days=…)`; a whole process can be started at another date with
INNSPILL_CLOCK_OFFSET_DAYS (for trying the demo as it will look next year). Nothing else
reads the system time for a business decision.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.utils import timezone

_lock = threading.Lock()
_offset = timedelta(days=float(os.environ.get("INNSPILL_CLOCK_OFFSET_DAYS") or 0))


def now() -> datetime:
    """The current moment (aware, UTC), moved by the clock's offset."""
    return timezone.now() + _offset


def today() -> date:
    """The current date in the site's time zone (Europe/Oslo)."""
    return timezone.localdate(now())


@contextmanager
def moved(*, days: float = 0, **kwargs: float) -> Iterator[None]:
    """Run the block with the clock moved by the given timedelta (tests; the offset is process-wide)."""
    global _offset
    with _lock:
        before = _offset
        _offset = before + timedelta(days=days, **kwargs)
    try:
        yield
    finally:
        with _lock:
            _offset = before
