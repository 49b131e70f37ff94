"""Reads for live capture: a code's capture, the wall, the board, the coming conference."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from innspill.capture.models import Capture, CaptureGroup, Submission, SubmissionStatus
from innspill.common import clock
from innspill.conferences.models import Conference, Session, SessionKind

# Above this cosine similarity a waiting submission is offered as a duplicate of an accepted one.
DUPLICATE_SCORE = 0.5


def capture_for_code(code: str) -> Capture | None:
    return (
        Capture.objects.select_related("session__conference__cycle")
        .filter(code=code.strip().upper())
        .first()
    )


def coming_conference(year: int | None = None) -> Conference | None:
    """The nearest conference dated today or later (of `year`, when given); else the newest of the year."""
    qs = Conference.objects.all()
    if year is not None:
        qs = qs.filter(cycle__year=year)
    coming = qs.filter(date__gte=clock.today()).order_by("date", "id").first()
    if coming is not None or year is None:
        return coming
    return qs.order_by("-date", "-id").first()


def parallel_session(conference: Conference, number: int) -> Session | None:
    return conference.sessions.filter(kind=SessionKind.PARALLEL, number=number).first()


def wall_groups(capture: Capture) -> list[dict[str, Any]]:
    """Accepted inputs by group, in board order; inputs without a group come last under ""."""
    groups = list(capture.groups.order_by("position", "id").values_list("pk", "title"))
    by_group: dict[int | None, list[dict[str, str]]] = {pk: [] for pk, _title in groups}
    rows = (
        Submission.objects.filter(capture=capture, status=SubmissionStatus.ACCEPTED)
        .order_by("position", "id")
        .values_list("group_id", "client_id", "text")
    )
    for group_id, client_id, text in rows:
        by_group.setdefault(group_id, []).append({"client_id": str(client_id), "text": text})
    out = [{"title": title, "inputs": by_group[pk]} for pk, title in groups]
    if by_group.get(None):
        out.append({"title": "", "inputs": by_group[None]})
    return out


def wall_data(capture: Capture) -> dict[str, Any]:
    return {
        "code": capture.code,
        "session": str(capture.session),
        "open": capture.is_open(),
        "version": capture.version,
        "groups": wall_groups(capture),
    }


@dataclass
class BoardGroup:
    group: CaptureGroup | None
    title: str
    items: list[Submission] = field(default_factory=list)


@dataclass
class Board:
    capture: Capture
    groups: list[BoardGroup]
    pending: list[Submission]
    others: list[Submission]
    duplicates: dict[int, Submission]
    accepted: list[Submission]


def board(capture: Capture) -> Board:
    """The rapporteur's view: accepted by group, the waiting queue (with duplicate hints), the rest."""
    groups = list(capture.groups.order_by("position", "id"))
    subs = list(
        capture.submissions.select_related("group", "merged_into").order_by("position", "id")
    )
    accepted = [s for s in subs if s.status == SubmissionStatus.ACCEPTED]
    pending = [s for s in subs if s.status in (SubmissionStatus.PENDING, SubmissionStatus.LATE)]
    others = [
        s
        for s in subs
        if s.status
        in (SubmissionStatus.MERGED, SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN)
    ]
    by_group = {g.pk: BoardGroup(group=g, title=g.title) for g in groups}
    loose = BoardGroup(group=None, title="")
    for s in accepted:
        by_group.get(s.group_id, loose).items.append(s)
    out = list(by_group.values()) + ([loose] if loose.items else [])
    duplicates = duplicate_suggestions(pending, accepted)
    for s in pending:
        s.duplicate = duplicates.get(s.pk)  # type: ignore[attr-defined]
    return Board(
        capture=capture,
        groups=out,
        pending=pending,
        others=others,
        duplicates=duplicates,
        accepted=accepted,
    )


def duplicate_suggestions(
    pending: list[Submission], accepted: list[Submission]
) -> dict[int, Submission]:
    """For each waiting submission, the accepted one most like it, when alike enough.

    A session has tens of inputs, so one dense similarity matrix is cheap (a few ms).
    """
    if not pending or not accepted:
        return {}
    from innspill.analysis.similarity import pairwise_similarity

    texts = [s.text for s in pending] + [s.text for s in accepted]
    matrix = pairwise_similarity(texts)
    if matrix.shape[0] != len(texts):
        return {}
    out = {}
    for i, sub in enumerate(pending):
        scores = matrix[i, len(pending) :]
        best = int(scores.argmax())
        if float(scores[best]) >= DUPLICATE_SCORE:
            out[sub.pk] = accepted[best]
    return out


def captures_for(user: Any, conference: Conference | None) -> QuerySet[Capture]:
    """The captures a staff member sees on the overview: all for the secretariat, else their own."""
    from innspill.capture.rules import can_manage

    qs = (
        Capture.objects.select_related("session__conference")
        .annotate(
            pending=Count("submissions", filter=Q(submissions__status=SubmissionStatus.PENDING)),
            accepted=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)),
        )
        .order_by("session__conference__date", "session__number", "id")
    )
    if conference is not None:
        qs = qs.filter(session__conference=conference)
    if not can_manage(user):
        qs = qs.filter(rapporteurs=user)
    return qs


def sessions_without_capture(conference: Conference) -> QuerySet[Session]:
    return conference.sessions.filter(
        Q(kind=SessionKind.PARALLEL) & Q(capture__isnull=True)
    ).order_by("number", "id")
