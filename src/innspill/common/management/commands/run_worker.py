"""`python -m innspill run_worker`: run queued tasks (django-tasks' db_worker) with a heartbeat.

The heartbeat lets any process tell that this worker is alive; when it stops beating, the
task it was running is failed with a message instead of staying «running» for ever
(common.tasks.tasks_reap_stale, run here at start-up and with every beat). With each beat
the worker also enqueues the daily housekeeping tasks that are due (common.schedule).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from innspill.common.models import WorkerHeartbeat
from innspill.common.schedule import schedule_due
from innspill.common.tasks import tasks_reap_stale

log = logging.getLogger(__name__)


class Heartbeat:
    """Writes this worker's beat (and reaps lost tasks) every `interval` seconds in a thread."""

    def __init__(self, worker_id: str, interval: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="innspill-heartbeat", daemon=True)

    def beat(self, *, first: bool = False) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"beat_at": now},
            create_defaults={
                "beat_at": now,
                "started_at": now,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )
        tasks_reap_stale(now=now, restarted=self.worker_id if first else "")
        schedule_due()

    def start(self) -> None:
        # The first beat is written before any task is claimed, so a task is never claimed
        # by a worker that others would take for dead.
        self.beat(first=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            log.exception("worker %s: could not remove its heartbeat", self.worker_id)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            close_old_connections()
            try:
                self.beat()
            except DatabaseError:
                # A busy or restarting database: the next beat tries again, well within the timeout.
                log.exception("worker %s: heartbeat failed", self.worker_id)
        connection.close()


class Command(db_worker.Command):
    help = (
        "Run queued background tasks (django-tasks db_worker) and report that this worker is alive."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # The reloader runs the worker in a child process with another worker id than the
        # parent's, so the heartbeat would name the wrong process: no reloading here.
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        options["reload"] = False
        heartbeat = Heartbeat(
            options["worker_id"], interval=max(settings.INNSPILL_WORKER_TIMEOUT / 6, 0.5)
        )
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
