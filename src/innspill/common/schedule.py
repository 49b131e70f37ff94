"""Daily housekeeping on the task queue, enqueued by the task workers themselves.

Every task worker calls `schedule_due` with its heartbeat (every few seconds). For each task
in settings.INNSPILL_DAILY_TASKS that has no `ScheduledRun` row for today, once the local hour
has reached INNSPILL_DAILY_TASKS_HOUR, it inserts the row and enqueues the task in one
transaction. The row's unique (name, day) makes one worker win when several try at once, and
because the record is in the database a restart neither repeats nor skips a day: a day on
which no worker ran is done as soon as one starts. No cron or systemd timer is needed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from innspill.common import clock
from innspill.common.models import ScheduledRun

log = logging.getLogger(__name__)


def schedule_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue the daily tasks not yet enqueued today; returns their paths."""
    now = timezone.localtime(now or clock.now())
    if now.hour < settings.INNSPILL_DAILY_TASKS_HOUR:
        return []
    today = now.date()
    done = set(ScheduledRun.objects.filter(day=today).values_list("name", flat=True))
    enqueued = []
    for path in settings.INNSPILL_DAILY_TASKS:
        if path in done:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=path, day=today)
                # The queue is in the same database: the row and the queued task commit together.
                import_string(path).enqueue()
        except IntegrityError:
            continue  # another worker enqueued it first
        except Exception:
            # A broken task must not stop the heartbeat that called this; the next beat tries again.
            log.exception("could not enqueue the daily task %s", path)
            continue
        enqueued.append(path)
    return enqueued
