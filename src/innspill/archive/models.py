"""The archive's shared analysis: computed once per data version by a task, read by every page.

Clustering the whole archive takes minutes at 100,000 inputs, so no web process does it. A task
(`archive.tasks.analysis_compute_task`) computes it for the current data version and stores it
here; pages read the newest finished run (`archive.recurrence`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class AnalysisRun(models.Model):
    """One computation for one data version; its rows become visible when it is done.

    The unique version is the claim: a second worker, or a duplicate of the task, finds the
    row there and leaves the computation to whoever made it.
    """

    class State(models.TextChoices):
        COMPUTING = "computing"
        DONE = "done"
        FAILED = "failed"

    version = models.CharField(max_length=32, unique=True)  # inputs.DataVersion.stamp
    state = models.CharField(max_length=10, choices=State.choices, default=State.COMPUTING)
    claimed_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    n_inputs = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)  # computing, without storing
    error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.version} ({self.state})"


class RecurringCluster(models.Model):
    """A cluster of two or more inputs that raise the same demand; single inputs are not stored."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="clusters")
    rank = models.PositiveIntegerField()  # most years first, then most inputs
    label = models.TextField()
    terms = models.JSONField(default=list)
    themes = models.JSONField(default=list)
    n_years = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    # {"2015": [input ids], ...}: member ids by year, members in input order.
    by_year = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "rank"], name="recurringcluster_run_rank")
        ]

    def __str__(self) -> str:
        return f"{self.rank}: {self.label[:60]}"


class InputAnalysis(models.Model):
    """What one input's page shows from the run: its cluster, its near-duplicates, similar inputs.

    Only inputs with something to show have a row. `input_id` is no foreign key: an input
    deleted after the run keeps its rows until the next run, and the pages skip it.
    """

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="inputs")
    input_id = models.IntegerField()
    cluster_rank = models.PositiveIntegerField(null=True)  # RecurringCluster.rank in the run
    duplicates = models.JSONField(default=list)  # ids of its near-duplicates, itself left out
    similar = models.JSONField(default=list)  # [[id, score], ...] from other years, best first

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "input_id"], name="inputanalysis_run_input")
        ]

    def __str__(self) -> str:
        return f"input {self.input_id} in run {self.run_id}"


class AnalysisRequest(models.Model):
    """A single row: since when a computation has been queued and not yet started, if one is.

    It keeps many data changes from queueing more than one computation.
    """

    pending_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="analysisrequest_single_row")]

    def __str__(self) -> str:
        return f"pending since {self.pending_since}" if self.pending_since else "idle"
