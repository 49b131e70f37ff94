"""Background tasks with progress, kept in the database so a page can poll them.

Long work (OCR of a scanned report, building a 40-page PDF) runs in a worker
thread of the web process; tests and management commands run it inline
(settings.INNSPILL_TASKS_EAGER). A task function receives the Task id and
reports progress with `task_progress`. Tasks take ids, fetch, call a service.
"""

from __future__ import annotations

import importlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from innspill.common import clock
from innspill.common.models import Task

log = logging.getLogger(__name__)
_executor: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="innspill-task")
        return _executor


def task_start(
    *, kind: str, func: str, kwargs: dict[str, Any], by: Any = None, label: str = ""
) -> Task:
    """Create a Task and run `func` ("module:function") with task_id=… and kwargs, in the background."""
    user = by if getattr(by, "is_authenticated", False) else None
    task = Task.objects.create(kind=kind, label=label, func=func, kwargs=kwargs, user=user)
    if getattr(settings, "INNSPILL_TASKS_EAGER", False):
        _run(task.pk)
        task.refresh_from_db()
    else:
        _pool().submit(_run_in_thread, task.pk)
    return task


def task_progress(task_id: int, *, done: int, total: int, message: str = "") -> None:
    Task.objects.filter(pk=task_id).update(done=done, total=total, message=message[:300])


def _run_in_thread(task_id: int) -> None:
    close_old_connections()
    try:
        _run(task_id)
    finally:
        connection.close()


def _run(task_id: int) -> None:
    task = Task.objects.get(pk=task_id)
    Task.objects.filter(pk=task_id).update(status=Task.Status.RUNNING, started_at=clock.now())
    module_name, func_name = task.func.split(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        result = func(task_id=task_id, **task.kwargs)
    except Exception as exc:  # noqa: BLE001 - the user gets the message; the log gets the traceback
        log.exception("task %s failed", task_id)
        Task.objects.filter(pk=task_id).update(
            status=Task.Status.FAILED,
            error=str(exc)[:2000] or exc.__class__.__name__,
            finished_at=clock.now(),
        )
        return
    Task.objects.filter(pk=task_id).update(
        status=Task.Status.DONE,
        result=result if isinstance(result, dict) else {"value": result},
        finished_at=clock.now(),
    )
