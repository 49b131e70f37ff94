"""Fixed-window rate limits counted in the database, so every web process shares the count.

A counter row per (scope, client, window) is created or incremented by one `INSERT … ON CONFLICT
DO UPDATE SET count = count + 1 RETURNING count`, which SQLite and PostgreSQL apply atomically:
two processes never lose a hit, and every process sees the same count.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection

from innspill.common import clock
from innspill.limits.models import RateCounter

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Counters older than this are deleted when a new window opens (no window is longer).
KEEP = timedelta(days=2)
PRUNE_EVERY = 3600  # seconds


@dataclass(frozen=True)
class Rate:
    """At most `count` requests per `seconds`; written "200/h", "10/m", "1000/d"."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        count, unit = text.split("/")
        return cls(int(count), UNITS[unit])


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def client_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hit(*, scope: str, client: str, rate: Rate) -> Verdict:
    """Count one request of `client` in `scope`; allowed while the window's count ≤ rate.count.

    One statement (an upsert that returns the new count), the same on SQLite and PostgreSQL.
    """
    now = clock.now()
    start = window_start(now, rate.seconds)
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, client, window_start, count) VALUES (%s, %s, %s, 1) "  # noqa: S608 - the table name is ours
            f"ON CONFLICT (scope, client, window_start) DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [scope, client_hash(client), connection.ops.adapt_datetimefield_value(start)],
        )
        (count,) = cursor.fetchone()
    _prune_now_and_then()
    retry_after = max(1, int((start + timedelta(seconds=rate.seconds) - now).total_seconds()))
    return Verdict(allowed=count <= rate.count, retry_after=retry_after)


def counters_prune() -> int:
    """Delete counters of windows that ended long ago; returns how many."""
    return RateCounter.objects.filter(window_start__lt=clock.now() - KEEP)._raw_delete(
        RateCounter.objects.db
    )


_last_prune = time.monotonic()


def _prune_now_and_then() -> None:
    # Once an hour per process, not per request: a request costs one statement per limit.
    global _last_prune
    if time.monotonic() - _last_prune > PRUNE_EVERY:
        _last_prune = time.monotonic()
        counters_prune()
