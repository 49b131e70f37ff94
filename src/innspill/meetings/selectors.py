"""Reads for the regional meetings' staff pages."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from innspill.cycles.models import Meeting
from innspill.inputs.models import Input
from innspill.organisations.models import OrganisationType


def meeting_list() -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related("cycle")
        .annotate(n_inputs=Count("inputs"))
        .order_by("-cycle__year", "date", "place")
    )


def meeting_inputs(meeting: Meeting) -> QuerySet[Input]:
    return meeting.inputs.select_related("theme").order_by("position", "pk")


def attendance_rows(meeting: Meeting) -> list[tuple[str, int]]:
    """(organisation type's name, participants) in the registry's order, types with none left out."""
    by_type = meeting.attendance_by_type or {}
    return [(label, by_type[key]) for key, label in OrganisationType.choices if by_type.get(key)]
