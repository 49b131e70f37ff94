"""Reads about inputs for staff pages."""

from django.db.models import Count, QuerySet

from innspill.inputs import search
from innspill.inputs.models import Input, SourceDocument, Status


def staff_overview() -> dict:
    counts = dict(Input.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {
        "input_counts": {str(label): counts.get(value, 0) for value, label in Status.choices},
        "unclassified": Input.objects.filter(classified_by="").count(),
        "documents": SourceDocument.objects.order_by("-imported_at")[:10],
    }


def inputs_for_staff(*, q: str = "", status: str = "", year: int | None = None) -> QuerySet:
    """Inputs of every status for the staff list, newest year first, filtered."""
    qs = Input.objects.select_related("session", "conference").order_by(
        "-year", "session__number", "position", "pk"
    )
    if q.strip():
        # Words the index knows go through it; anything else (a number, a lone symbol) by substring.
        if search.has_terms(q):
            qs = qs.filter(pk__in=search.matching_ids(q))
        else:
            qs = qs.filter(text__icontains=q.strip())
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs


def moderation_queue() -> QuerySet:
    """Inputs waiting for moderation, oldest first (the order they came in)."""
    return (
        Input.objects.filter(status=Status.PENDING)
        .select_related("session", "conference", "meeting", "question_round")
        .order_by("created_at", "pk")
    )


def input_for_staff(pk: int) -> Input:
    """One input of any status with what staff see beside it: its context and what was merged into it."""
    return Input.objects.select_related(
        "session",
        "conference",
        "cycle",
        "meeting",
        "question_round",
        "source_document",
        "merged_into",
        "theme",
        "kind",
    ).get(pk=pk)


def merged_into_input(item: Input) -> QuerySet:
    """The inputs folded into `item`, with where each came from."""
    return (
        Input.objects.filter(merged_into=item)
        .select_related("session", "conference", "source_document")
        .order_by("year", "pk")
    )
