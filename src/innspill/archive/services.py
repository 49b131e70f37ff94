"""Computing and storing the archive's shared analysis, exactly once per data version.

`analysis_request` runs after every committed write that changed the data version (and when a
page finds the stored result out of date): it queues one `analysis_compute_task` unless one is
queued already. The task calls `analysis_compute`, which computes for the version current when
it runs. The database makes the computation happen once: a run's version is unique, so of two
workers (or two copies of the task) only the one that inserted the row computes. The result is
written in one transaction, so pages see the old run until the new one is complete.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q

from innspill.archive.models import AnalysisRequest, AnalysisRun, InputAnalysis, RecurringCluster
from innspill.common import clock
from innspill.inputs.models import DataVersion, Input, Status

log = logging.getLogger(__name__)

SIMILAR_KEPT = 6  # similar inputs from other years stored per input (the page shows them all)
DUPLICATES_KEPT = 20  # near-duplicates stored per input
BATCH = 2_000
# A computing run's claim is renewed every RENEW; one not renewed for LEASE lost its worker
# (killed, out of memory) and the next request computes it again. A queued request this old
# is queued again (its task was lost).
LEASE = timedelta(minutes=5)
RENEW = timedelta(minutes=1)


@dataclass(frozen=True)
class ComputeResult:
    version: str
    computed: bool  # False: done or being done by someone else
    seconds: float = 0.0  # computing
    store_seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's CPU for both (a busy machine stretches the others)


def analysis_request() -> bool:
    """Queue one computation unless one is queued already; True if this call queued it."""
    from innspill.archive.tasks import analysis_compute_task

    now = clock.now()
    AnalysisRequest.objects.get_or_create(pk=1)
    queued = AnalysisRequest.objects.filter(
        Q(pending_since__isnull=True) | Q(pending_since__lt=now - LEASE), pk=1
    ).update(pending_since=now)
    if queued:
        analysis_compute_task.enqueue()
    return bool(queued)


def on_data_changed(sender: object, **kwargs: object) -> None:
    """Receiver of inputs.models.data_changed, sent after a write that changed the data commits."""
    analysis_request()


def analysis_needs_request(version: str) -> bool:
    """Whether nothing is queued or computing for `version`, so a page should request it."""
    cutoff = clock.now() - LEASE
    queued = AnalysisRequest.objects.filter(pk=1, pending_since__gte=cutoff).exists()
    if queued:
        return False
    # A failed run is tried again only after a while, so a failure that repeats does not
    # cost a computation per page view.
    return not AnalysisRun.objects.filter(
        Q(state=AnalysisRun.State.DONE)
        | Q(state=AnalysisRun.State.COMPUTING, claimed_at__gte=cutoff)
        | Q(state=AnalysisRun.State.FAILED, finished_at__gte=cutoff),
        version=version,
    ).exists()


def analysis_compute() -> ComputeResult:
    """Compute and store the analysis for the current data version unless it is done or claimed.

    Side effects: clears the queued request, writes an AnalysisRun and its rows in one
    transaction, and deletes the runs before the previous one once the new one is stored.
    """
    # Cleared before the version is read: a write committed after this queues a new run.
    AnalysisRequest.objects.filter(pk=1).update(pending_since=None)
    version = DataVersion.current()
    run = _claim(version)
    if run is None:
        return ComputeResult(version=version, computed=False)
    try:
        start, cpu = time.perf_counter(), time.process_time()
        with _Renewing(run.pk):
            analysis, n_inputs = _analyse()
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        _store(run, analysis, n_inputs=n_inputs, seconds=seconds)
        store_seconds = time.perf_counter() - start
    except BaseException as exc:
        AnalysisRun.objects.filter(pk=run.pk).update(
            state=AnalysisRun.State.FAILED,
            finished_at=clock.now(),
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        raise
    log.info(
        "archive analysis: %s inputs, computed in %.1f s, stored in %.1f s",
        n_inputs,
        seconds,
        store_seconds,
    )
    return ComputeResult(
        version=version,
        computed=True,
        seconds=seconds,
        store_seconds=store_seconds,
        cpu_seconds=time.process_time() - cpu,
    )


def _claim(version: str) -> AnalysisRun | None:
    """The run for `version` if this process may compute it: new, failed, or its worker lost."""
    now = clock.now()
    try:
        with transaction.atomic():
            return AnalysisRun.objects.create(version=version, claimed_at=now)
    except IntegrityError:
        pass
    # A conditional update: of two processes taking over the same run, one changes the row.
    taken = AnalysisRun.objects.filter(
        Q(state=AnalysisRun.State.FAILED)
        | Q(state=AnalysisRun.State.COMPUTING, claimed_at__lt=now - LEASE),
        version=version,
    ).update(state=AnalysisRun.State.COMPUTING, claimed_at=now, error="")
    return AnalysisRun.objects.get(version=version) if taken else None


class _Renewing:
    """Renews a run's claim from a thread while it is computed, so no one takes it for lost."""

    def __init__(self, run_pk: int) -> None:
        self.run_pk = run_pk
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="innspill-claim", daemon=True)

    def __enter__(self) -> None:
        self._thread.start()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _renew(self) -> None:
        try:
            while not self._stop.wait(RENEW.total_seconds()):
                try:
                    AnalysisRun.objects.filter(
                        pk=self.run_pk, state=AnalysisRun.State.COMPUTING
                    ).update(claimed_at=clock.now())
                except OperationalError:
                    # SQLite answers «table is locked» while another connection writes; the
                    # claim is renewed on the next tick, long before it could be taken for lost.
                    continue
        finally:
            connection.close()  # the thread's own connection


def _analyse():
    # Imported here: scikit-learn and scipy are heavy, and only the task worker needs them.
    from innspill.analysis.recurrence import Item, analyse_archive

    rows = Input.objects.filter(status=Status.PUBLISHED).values_list(
        "pk", "year", "text", "session__title", "theme__key"
    )
    items = [
        Item(id=pk, year=year, text=text, session=session, theme=theme)
        for pk, year, text, session, theme in rows.iterator(chunk_size=BATCH)
    ]
    return analyse_archive(items, top_k=SIMILAR_KEPT), len(items)


def _store(run: AnalysisRun, analysis, *, n_inputs: int, seconds: float) -> None:
    clusters = []
    rank_of: dict[int, int] = {}
    for cluster in analysis.clusters:
        if cluster.count < 2:
            continue
        rank = len(clusters)
        rank_of.update((pk, rank) for pk in cluster.member_ids)
        clusters.append(
            RecurringCluster(
                run=run,
                rank=rank,
                label=cluster.label,
                terms=list(cluster.terms),
                themes=list(cluster.themes),
                n_years=cluster.n_years,
                count=cluster.count,
                by_year={str(year): list(ids) for year, ids in cluster.by_year.items()},
            )
        )
    duplicates: dict[int, list[int]] = {}
    for group in analysis.duplicate_groups:
        for pk in group:
            duplicates[pk] = [other for other in group if other != pk][:DUPLICATES_KEPT]
    similar = {pk: found for pk, found in analysis.similar.items() if found}
    inputs = [
        InputAnalysis(
            run=run,
            input_id=pk,
            cluster_rank=rank_of.get(pk),
            duplicates=duplicates.get(pk, []),
            similar=[[other, score] for other, score in similar.get(pk, [])],
        )
        for pk in sorted(rank_of.keys() | duplicates.keys() | similar.keys())
    ]
    with transaction.atomic():
        RecurringCluster.objects.bulk_create(clusters, batch_size=BATCH)
        InputAnalysis.objects.bulk_create(inputs, batch_size=BATCH)
        AnalysisRun.objects.filter(pk=run.pk).update(
            state=AnalysisRun.State.DONE,
            finished_at=clock.now(),
            n_inputs=n_inputs,
            seconds=round(seconds, 3),
        )
        # Pages take the newest run. The one before it is kept: a page that chose it a moment
        # ago may still be reading its rows. Older ones are read by nobody.
        previous = (
            AnalysisRun.objects.filter(pk__lt=run.pk, state=AnalysisRun.State.DONE)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        )
        AnalysisRun.objects.filter(pk__lt=previous or run.pk).exclude(
            state=AnalysisRun.State.COMPUTING
        ).delete()
