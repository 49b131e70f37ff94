"""Reading the archive's shared analysis: «Går igjen» clusters, near-duplicates, similar inputs.

A task computes it once per data version for every process (`archive/services.py`); web
processes only read the newest stored run. After a write the pages show that run, marked as
being updated, until the new one is stored; with none stored yet they say it is being computed.
A page that finds its run out of date with nothing queued or computing queues the computation
(with an in-line queue, as in tests, that computes it there and then).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from innspill.archive.models import AnalysisRun, InputAnalysis, RecurringCluster
from innspill.archive.services import analysis_needs_request, analysis_request
from innspill.inputs.models import DataVersion


@dataclass(frozen=True)
class Stored:
    """The run pages read, and whether a newer one is on its way."""

    run_id: int | None
    updating: bool

    @property
    def missing(self) -> bool:
        return self.run_id is None


@dataclass(frozen=True)
class StoredCluster:
    """A stored cluster, with the attributes of `analysis.recurrence.Cluster` the pages use."""

    label: str
    terms: tuple[str, ...]
    years: tuple[int, ...]
    count: int
    by_year: dict[int, tuple[int, ...]]
    themes: tuple[str, ...]

    @property
    def n_years(self) -> int:
        return len(self.years)

    @property
    def member_ids(self) -> tuple[int, ...]:
        return tuple(pk for year in self.years for pk in self.by_year[year])


@dataclass(frozen=True)
class InputRecurrence:
    """One input's share of the run: the other years its demand was raised, and its neighbours."""

    cluster: StoredCluster | None = None
    also_raised: list[tuple[int, int]] = field(default_factory=list)  # [(year, n)]
    similar: list[tuple[int, float]] = field(default_factory=list)  # other years, best first
    duplicates: list[int] = field(default_factory=list)


def stored() -> Stored:
    """The newest finished run; a run for the current data version is requested if none is on its way."""
    version = DataVersion.current()
    run = _newest()
    if run is not None and run[1] == version:
        return Stored(run_id=run[0], updating=False)
    if analysis_needs_request(version):
        analysis_request()
        # An in-line queue has computed it by now; a real one has only queued it.
        run = _newest()
        if run is not None and run[1] == version:
            return Stored(run_id=run[0], updating=False)
    return Stored(run_id=run[0] if run else None, updating=True)


def _newest() -> tuple[int, str] | None:
    return (
        AnalysisRun.objects.filter(state=AnalysisRun.State.DONE)
        .order_by("-pk")
        .values_list("pk", "version")
        .first()
    )


def recurring_clusters(run: Stored, *, min_years: int, limit: int) -> list[StoredCluster]:
    """The run's clusters raised in at least `min_years` years: most years first, then most inputs."""
    if run.missing:
        return []
    rows = RecurringCluster.objects.filter(run_id=run.run_id, n_years__gte=min_years).order_by(
        "rank"
    )[:limit]
    return [_cluster(row) for row in rows]


def for_input(run: Stored, pk: int, *, year: int) -> InputRecurrence:
    """What the run holds for input `pk` (of `year`): cluster, other years, similar, near-duplicates."""
    if run.missing:
        return InputRecurrence()
    row = InputAnalysis.objects.filter(run_id=run.run_id, input_id=pk).first()
    if row is None:
        return InputRecurrence()
    cluster = None
    if row.cluster_rank is not None:
        # None if a newer run has just replaced this one and the one before it.
        stored_cluster = RecurringCluster.objects.filter(
            run_id=run.run_id, rank=row.cluster_rank
        ).first()
        cluster = _cluster(stored_cluster) if stored_cluster is not None else None
    return InputRecurrence(
        cluster=cluster,
        also_raised=[
            (y, len(ids)) for y, ids in (cluster.by_year.items() if cluster else ()) if y != year
        ],
        similar=[(other, score) for other, score in row.similar],
        duplicates=list(row.duplicates),
    )


def _cluster(row: RecurringCluster) -> StoredCluster:
    by_year = {int(y): tuple(ids) for y, ids in row.by_year.items()}
    years = tuple(sorted(by_year))
    return StoredCluster(
        label=row.label,
        terms=tuple(row.terms),
        years=years,
        count=row.count,
        by_year={y: by_year[y] for y in years},
        themes=tuple(row.themes),
    )
