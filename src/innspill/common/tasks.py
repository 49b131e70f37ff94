"""Background work on django-tasks: progress rows for the pages that wait, and lost workers.

Tasks are `@task()` functions in `<app>/tasks.py`. They are stored in the database
(django-tasks-db) and run by a separate worker process, `python -m innspill run_worker`;
with settings.INNSPILL_TASKS_EAGER they run in-line where they are enqueued (tests).

Work that a person waits for on a progress page is started with `task_start`, which creates
a `common.models.Task` row (status, done/total, message, result, error) and enqueues the
function with `task_id=` added. Such a function is wrapped in `@reports_progress`, which
keeps the row in step (running, then done with the function's result or failed with the
exception's message) and calls `task_progress` through the function. Plain `@task()`
functions that no page waits for need neither.

A worker that dies mid-task (killed, out of memory, machine gone) leaves its task «running»
in the queue. Workers write a heartbeat (`WorkerHeartbeat`); `tasks_reap_stale`, run by each
worker at start-up and with every beat and by the progress pages, fails the running tasks
whose worker has been silent for settings.INNSPILL_WORKER_TIMEOUT seconds.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task as QueuedTask
from django_tasks.base import TaskResultStatus

from innspill.common import clock
from innspill.common.models import Task, WorkerHeartbeat

log = logging.getLogger(__name__)

WORKER_LOST = _(
    "Jobben stoppet fordi prosessen som kjørte den, ble avbrutt (omstart, for lite minne "
    "eller en maskin som falt ut). Start jobben på nytt."
)
PENDING = (Task.Status.QUEUED, Task.Status.RUNNING)


class WorkerLost(Exception):
    """Recorded in the queue as the error of a task whose worker stopped without finishing it."""


def task_start(
    *, kind: str, func: QueuedTask, kwargs: dict[str, Any], by: Any = None, label: str = ""
) -> Task:
    """Create the progress row and enqueue `func(task_id=…, **kwargs)`; eager settings run it here."""
    user = by if getattr(by, "is_authenticated", False) else None
    # One transaction: no progress row without its queued task, which would wait for ever.
    with transaction.atomic():
        row = Task.objects.create(
            kind=kind, label=label, func=func.module_path, kwargs=kwargs, user=user
        )
        result = func.enqueue(task_id=row.pk, **kwargs)
        Task.objects.filter(pk=row.pk).update(queue_id=str(result.id))
    row.refresh_from_db()
    return row


def task_progress(task_id: int, *, done: int, total: int, message: str = "") -> None:
    Task.objects.filter(pk=task_id).update(done=done, total=total, message=message[:300])


def reports_progress(func: Callable[..., Any]) -> Callable[..., None]:
    """Keep a task's progress row in step with the function it runs (put under `@task()`).

    The function's result is stored on the row, not in the queue, so a large result (an
    import's parsed structure) is kept once.
    """

    @functools.wraps(func)
    def run(*, task_id: int, **kwargs: Any) -> None:
        started = Task.objects.filter(pk=task_id, status=Task.Status.QUEUED).update(
            status=Task.Status.RUNNING, started_at=clock.now()
        )
        if not started:
            # Failed by the reaper while it waited, or deleted: nobody waits for this run.
            log.warning("task %s is no longer queued; not running it", task_id)
            return
        try:
            result = func(task_id=task_id, **kwargs)
        except Exception as exc:
            # The user gets the message; the queue row keeps the traceback.
            Task.objects.filter(pk=task_id).update(
                status=Task.Status.FAILED,
                error=str(exc)[:2000] or exc.__class__.__name__,
                finished_at=clock.now(),
            )
            raise
        Task.objects.filter(pk=task_id).update(
            status=Task.Status.DONE,
            result=result if isinstance(result, dict) else {"value": result},
            finished_at=clock.now(),
        )

    return run


def tasks_reap_stale(*, now: datetime | None = None, restarted: str = "") -> int:
    """Fail the running tasks whose worker has stopped beating; returns how many were failed.

    `restarted` is the id of a worker that is just starting: whatever a process with that
    id was running died with it, however recent its last beat (ids should be unique per
    process, but an operator may set one with --worker-id).

    Also fails progress rows still pending whose queue task has finished anyway (a worker
    stopped between the two writes, or the function could not be imported): either way no
    one would ever finish them.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.INNSPILL_WORKER_TIMEOUT)
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    # Few rows (one per busy worker), so the rule is applied here rather than in SQL.
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    lost = [
        str(pk)
        for pk, started_at, worker_ids in running.values_list("pk", "started_at", "worker_ids")
        if (worker_ids and worker_ids[-1] == restarted)
        or (started_at < cutoff and (not worker_ids or worker_ids[-1] not in alive))
    ]
    failed = 0
    for pk in lost:
        # Conditional on RUNNING: a worker that was only slow to beat may finish it meanwhile.
        failed += DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback="WorkerLost: its worker stopped without finishing it",
        )
    if failed:
        log.warning("failed %s task(s) whose worker stopped: %s", failed, ", ".join(lost))
    pending = dict(
        Task.objects.filter(status__in=PENDING).exclude(queue_id="").values_list("queue_id", "pk")
    )
    ended = {
        str(pk)
        for pk in DBTaskResult.objects.filter(
            pk__in=[q for q in pending if _is_uuid(q)],
            status__in=[TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL],
        ).values_list("pk", flat=True)
    }
    # Conditional on pending: a row its task has just finished keeps its result.
    Task.objects.filter(
        pk__in=[pk for queue_id, pk in pending.items() if queue_id in ended], status__in=PENDING
    ).update(status=Task.Status.FAILED, error=str(WORKER_LOST), finished_at=clock.now())
    return failed


def _is_uuid(value: str) -> bool:
    # The database queue's ids are UUIDs; the in-line backend's are not.
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def task_for_page(task: Task) -> Task:
    """The task as a progress page should show it: lost work failed, and whether a worker is up."""
    task.no_worker = False  # type: ignore[attr-defined]
    if task.status not in PENDING or getattr(settings, "INNSPILL_TASKS_EAGER", False):
        return task
    tasks_reap_stale()
    task.refresh_from_db()
    if task.status == Task.Status.QUEUED:
        cutoff = timezone.now() - timedelta(seconds=settings.INNSPILL_WORKER_TIMEOUT)
        task.no_worker = not WorkerHeartbeat.objects.filter(  # type: ignore[attr-defined]
            beat_at__gte=cutoff
        ).exists()
    return task
