"""Reads for follow-up: inboxes, public lists, counts, and the follow-up line of inputs and clusters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from innspill.archive.recurrence import StoredCluster as Cluster
from innspill.common.svg import bar_chart_svg
from innspill.followups.clusters import cluster_key
from innspill.followups.models import ANSWERED, FollowUp, FollowUpStatus, Owner
from innspill.inputs.models import Input, Status


def owners() -> QuerySet[Owner]:
    return Owner.objects.filter(active=True).select_related("parent")


def owner_by_slug(slug: str) -> Owner | None:
    return Owner.objects.filter(short_name__iexact=slug).first()


def _with_context(qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    return qs.select_related(
        "input", "input__theme", "input__session", "owner", "owner__parent", "answered_by"
    )


@dataclass
class Filters:
    year: int | None = None
    theme: str = ""
    session: int | None = None
    status: str = ""
    owner: Owner | None = None

    @classmethod
    def from_query(cls, data: Any, *, owner: Owner | None = None) -> Filters:
        """Lenient parsing: an unusable value is ignored rather than an error page."""

        def number(name: str) -> int | None:
            value = str(data.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        status = str(data.get("status") or "")
        return cls(
            year=number("year"),
            theme=str(data.get("theme") or "")[:40],
            session=number("session"),
            status=status if status in FollowUpStatus.values else "",
            owner=owner,
        )


def followups_filtered(filters: Filters, *, public: bool = False) -> QuerySet[FollowUp]:
    """Follow-ups matching the filters except status (counts by status are taken from this)."""
    qs = FollowUp.objects.all()
    if public:
        qs = qs.filter(input__status=Status.PUBLISHED, owner__active=True)
    if filters.owner is not None:
        qs = qs.filter(owner=filters.owner)
    if filters.year:
        qs = qs.filter(input__year=filters.year)
    if filters.theme:
        qs = qs.filter(input__theme__key=filters.theme)
    if filters.session:
        qs = qs.filter(input__session_id=filters.session)
    return qs


def followup_list(filters: Filters, *, public: bool = False) -> QuerySet[FollowUp]:
    qs = followups_filtered(filters, public=public)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _with_context(qs).order_by("-input__year", "input_id", "owner__short_name")


def status_counts(qs: QuerySet[FollowUp]) -> list[tuple[str, str, int]]:
    """(status key, label, count) for every status, in workflow order, zeros included."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return [(value, str(label), counts.get(value, 0)) for value, label in FollowUpStatus.choices]


def status_chart(counts: list[tuple[str, str, int]], *, title: str, chart_id: str) -> str:
    return bar_chart_svg(
        title=title, data=[(label, n) for _key, label, n in counts], chart_id=chart_id
    )


def years_with_followups() -> list[tuple[int, int, int]]:
    """(year, follow-ups, answered) for every year with published inputs followed up."""
    rows = (
        FollowUp.objects.filter(input__status=Status.PUBLISHED)
        .values_list("input__year", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals: dict[int, list[int]] = {}
    for year, status, n in rows:
        entry = totals.setdefault(year, [0, 0])
        entry[0] += n
        if status in ANSWERED:
            entry[1] += n
    return [(year, *totals[year]) for year in sorted(totals, reverse=True)]  # type: ignore[misc]


def owners_with_counts() -> list[tuple[Owner, int, int]]:
    """(owner, follow-ups, answered) for owners with at least one published follow-up."""
    rows = (
        FollowUp.objects.filter(input__status=Status.PUBLISHED)
        .values_list("owner_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals: dict[int, list[int]] = {}
    for owner_id, status, n in rows:
        entry = totals.setdefault(owner_id, [0, 0])
        entry[0] += n
        if status in ANSWERED:
            entry[1] += n
    return [(o, *totals[o.pk]) for o in owners() if o.pk in totals]  # type: ignore[misc]


# --- the follow-up line on input pages and «Går igjen» ------------------------------------------


@dataclass
class FollowUpLine:
    """«Tatt opp 2015, 2017 — besvart av KD 2019: delvis fulgt opp — …»."""

    years: list[int]
    answered: list[FollowUp] = field(default_factory=list)
    open: list[FollowUp] = field(default_factory=list)

    @property
    def is_answered(self) -> bool:
        return bool(self.answered)


def _rank(f: FollowUp) -> tuple[bool, dt.date]:
    return (f.is_answered, f.answered_on or dt.date.min)


def _line(years: Iterable[int], followups: Iterable[FollowUp]) -> FollowUpLine:
    line = FollowUpLine(years=sorted(set(years)))
    # One entry per owner: its latest answer, or its open item if it has not answered.
    best: dict[int, FollowUp] = {}
    for f in followups:
        if f.owner_id not in best or _rank(f) > _rank(best[f.owner_id]):
            best[f.owner_id] = f
    for f in best.values():
        (line.answered if f.is_answered else line.open).append(f)
    line.answered.sort(key=lambda f: (_rank(f)[1], f.owner.short_name), reverse=True)
    line.open.sort(key=lambda f: f.owner.short_name)
    return line


def input_followup_line(
    item: Input, *, other_years: Iterable[int], member_ids: Iterable[int] = ()
) -> FollowUpLine | None:
    """The line for one input: the follow-up of the demand, i.e. of it and its cluster's inputs."""
    ids = {item.pk, *(int(pk) for pk in member_ids)}
    followups = list(FollowUp.objects.filter(input_id__in=ids).select_related("owner"))
    if not followups:
        return None
    return _line([item.year, *other_years], followups)


def cluster_lines(clusters: Iterable[Cluster]) -> dict[str, FollowUpLine]:
    """The line for each cluster (by key), with one query for all of them."""
    clusters = list(clusters)
    ids = [pk for c in clusters for pk in c.member_ids]
    by_input: dict[int, list[FollowUp]] = {}
    for f in FollowUp.objects.filter(input_id__in=ids).select_related("owner"):
        by_input.setdefault(f.input_id, []).append(f)
    out = {}
    for c in clusters:
        followups = [f for pk in c.member_ids for f in by_input.get(int(pk), [])]
        if followups:
            out[cluster_key(c)] = _line(c.years, followups)
    return out


def answered_input_ids() -> set[int]:
    return set(FollowUp.objects.filter(status__in=ANSWERED).values_list("input_id", flat=True))


def unanswered_clusters(clusters: Iterable[Cluster]) -> list[Cluster]:
    """The clusters none of whose inputs has been answered by anyone."""
    answered = answered_input_ids()
    return [c for c in clusters if not any(int(pk) in answered for pk in c.member_ids)]


# --- participants -----------------------------------------------------------------------------


def session_followups(session_ids: Iterable[int]) -> list[FollowUp]:
    """What became of the published inputs given in these sessions."""
    ids = [pk for pk in session_ids if pk]
    if not ids:
        return []
    return list(
        _with_context(
            FollowUp.objects.filter(input__session_id__in=ids, input__status=Status.PUBLISHED)
        ).order_by("input__session__number", "input__position", "input_id", "owner__short_name")
    )


def inbox_title(owner: Owner | None) -> str:
    if owner is None:
        return _("Alle departementer og etater")
    return f"{owner.short_name} – {owner.name}"
