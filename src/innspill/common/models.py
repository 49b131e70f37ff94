"""An audit trail for bulk operations that per-row history does not cover (loads, imports, training)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innspill.common import clock


class AuditEvent(models.Model):
    at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("handling"), max_length=64)
    target = models.CharField(_("gjelder"), max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("revisjonslogg")
        verbose_name_plural = _("revisjonslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


def audit(*, action: str, target: str = "", details: dict | None = None, by=None) -> AuditEvent:
    """Record one audited event (kept short: the details say what changed)."""
    user = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(user=user, action=action, target=target, details=details or {})


class Task(models.Model):
    """Background work someone waits for: its progress, result or error, polled by the page (common/tasks.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Feilet")

    kind = models.CharField(max_length=40)
    label = models.CharField(max_length=300, blank=True)
    # the task's import path and the id of its row in the queue (django-tasks' result id)
    func = models.CharField(max_length=200)
    queue_id = models.CharField(max_length=64, blank=True, db_index=True)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bakgrunnsjobb")
        verbose_name_plural = _("bakgrunnsjobber")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="task_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return (
            int(100 * self.done / self.total)
            if self.total
            else (100 if self.status == "done" else 0)
        )


class WorkerHeartbeat(models.Model):
    """A task worker that is alive: it rewrites `beat_at` every few seconds and deletes the row on exit.

    A running task whose worker has no recent beat was lost with its process (killed, out of
    memory, machine gone); `common.tasks.tasks_reap_stale` marks it failed.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class ScheduledRun(models.Model):
    """One daily task enqueued for one day: the unique pair lets only one worker enqueue it."""

    name = models.CharField(max_length=200)
    day = models.DateField()
    enqueued_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "day"], name="scheduledrun_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.day}"
