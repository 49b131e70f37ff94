"""Regional input meetings (`cycles.Meeting`): staff record the place, date and attendance by
organisation type, and the inputs given there — typed in, read from a document, or taken
over from a live capture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.analysis.text import normalise, words
from innspill.capture.models import Capture
from innspill.common.models import audit
from innspill.cycles.models import Cycle, Meeting
from innspill.documents.layout import bullet_text
from innspill.inputs.models import DataVersion, Input, Origin
from innspill.inputs.services import NewInput, inputs_create_many
from innspill.organisations.models import OrganisationType
from innspill.organisations.municipalities import by_number, lookup

MIN_WORDS = 4  # a shorter line of a meeting's notes is a heading or a name, not an input


class MeetingError(ValueError):
    """A meeting change that breaks a rule; the message is for the user."""


def _attendance(by_type: Mapping[str, Any] | None) -> dict[str, int]:
    clean: dict[str, int] = {}
    for key, value in (by_type or {}).items():
        if key not in OrganisationType.values:
            raise MeetingError(_("Ukjent organisasjonstype «%(key)s».") % {"key": key})
        try:
            count = int(value or 0)
        except (TypeError, ValueError) as exc:
            raise MeetingError(_("Antall deltakere må være et heltall.")) from exc
        if count < 0:
            raise MeetingError(_("Antall deltakere kan ikke være negativt."))
        if count:
            clean[key] = count
    return clean


def _municipality_number(place: str, municipality: str) -> str:
    if municipality:
        found = by_number(municipality) if municipality.isdigit() else lookup(municipality)
        if found is None:
            raise MeetingError(_("Fant ikke kommunen «%(name)s».") % {"name": municipality})
        return found.number
    found = lookup(place)
    return found.number if found else ""


def meeting_save(
    *,
    meeting: Meeting | None = None,
    cycle: Cycle | None = None,
    place: str,
    municipality: str = "",
    date: dt.date | None = None,
    attendance_by_type: Mapping[str, Any] | None = None,
    attendance: int | None = None,
    notes: str = "",
    by: Any,
) -> Meeting:
    """Create (with `cycle`) or update `meeting`. `municipality` is a number or a name; without
    it the place is looked up. Attendance by type sets the total. Needs `cycles.manage`; audited."""
    require(by, "cycles.manage")
    place = normalise(place or "")[:200]
    if not place:
        raise MeetingError(_("Oppgi hvor møtet ble holdt."))
    by_type = _attendance(attendance_by_type)
    fields = {
        "place": place,
        "municipality_number": _municipality_number(place, (municipality or "").strip()),
        "date": date,
        "attendance_by_type": by_type,
        "attendance": sum(by_type.values()) if by_type else attendance,
        "notes": (notes or "").strip(),
    }
    if meeting is None:
        if cycle is None:
            raise MeetingError(_("Velg året møtet hører til."))
        meeting = Meeting.objects.create(cycle=cycle, **fields)
        action = "meeting.create"
    else:
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.save()
        action = "meeting.update"
    audit(action=action, target=str(meeting.pk), details={"place": place}, by=by)
    return meeting


def meeting_inputs_add(
    *, meeting: Meeting, texts: Iterable[str], organisation_type: str = "", by: Any
) -> int:
    """Store the inputs given at a meeting (one per text) through `inputs_create_many`; they are
    classified as every other input. The same text twice at one meeting is stored once. Returns
    how many were new."""
    require(by, "cycles.manage")
    if organisation_type and organisation_type not in OrganisationType.values:
        raise MeetingError(_("Ukjent organisasjonstype «%(key)s».") % {"key": organisation_type})
    municipality = by_number(meeting.municipality_number) if meeting.municipality_number else None
    region = municipality.county.region if municipality else ""
    rows = [
        NewInput(
            text=text,
            cycle_id=meeting.cycle_id,
            year=meeting.cycle.year,
            origin=Origin.MEETING,
            meeting_id=meeting.pk,
            organisation_type=organisation_type,
            region=region,
            position=position,
            # inputs of different meetings are different inputs, however alike their words
            source_key=f"meeting:{meeting.pk}",
        )
        for position, text in enumerate(texts)
        if normalise(text)
    ]
    created = inputs_create_many(rows=rows, by=by).created
    audit(
        action="meeting.inputs_add",
        target=str(meeting.pk),
        details={"created": created, "given": len(rows)},
        by=by,
    )
    return created


def inputs_in_text(text: str) -> list[str]:
    """A meeting's notes as inputs: each bullet, and each paragraph of at least MIN_WORDS words."""
    found: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        joined = normalise(" ".join(paragraph))
        if len(words(joined)) >= MIN_WORDS:
            found.append(joined)
        paragraph.clear()

    for line in text.splitlines():
        bullet = bullet_text(line)
        if bullet is not None:
            flush()
            if normalise(bullet):
                found.append(normalise(bullet))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            flush()
    flush()
    return found


def meeting_inputs_import(
    *, meeting: Meeting, path: Path, organisation_type: str = "", by: Any
) -> int:
    """Read a meeting's notes (text, DOCX or PDF) and store its bullets and paragraphs as inputs.

    Raises documents' DocumentError with a one-line message for a file that cannot be read.
    """
    from innspill.documents.readers import read_document

    document = read_document(path)
    texts = [item for page in document.pages for item in inputs_in_text(page)]
    return meeting_inputs_add(
        meeting=meeting, texts=texts, organisation_type=organisation_type, by=by
    )


def meeting_capture_take(*, meeting: Meeting, code: str, by: Any) -> int:
    """Link the inputs a live capture accepted to the meeting it was held at; returns how many.

    The capture app takes inputs on the day into a session; a meeting run with it keeps them
    where they are and marks them as given at the meeting.
    """
    require(by, "cycles.manage")
    capture = Capture.objects.filter(code=(code or "").strip().upper()).first()
    if capture is None:
        raise MeetingError(_("Fant ingen innsamling med koden «%(code)s».") % {"code": code})
    with transaction.atomic():
        linked = Input.objects.filter(session_id=capture.session_id).update(meeting=meeting)
        DataVersion.bump()
    audit(
        action="meeting.capture_take",
        target=str(meeting.pk),
        details={"capture": capture.code, "inputs": linked},
        by=by,
    )
    return linked
