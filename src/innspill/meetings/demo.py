"""A demo regional meeting in the coming cycle, held a month before today, with its inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from innspill.cycles.models import Cycle, Meeting
from innspill.meetings.services import meeting_inputs_add, meeting_save

DEMO_PLACE = "Bodø, Stormen bibliotek"
DEMO_ATTENDANCE = {"kommune": 6, "frivillig_organisasjon": 9, "innvandrerrad": 3, "naeringsliv": 2}
DEMO_INPUTS = [
    "Flere språkpraksisplasser i private bedrifter i regionen.",
    "Kommunene bør samarbeide om tolketjenester på tvers av kommunegrensene.",
    "Frivillige lag trenger gratis lokaler for å drive leksehjelp.",
]


def demo_meeting(*, cycle: Cycle, today: dt.date, by: Any) -> Meeting:
    """The demo meeting, created once (found by its place on a second run)."""
    meeting = Meeting.objects.filter(cycle=cycle, place=DEMO_PLACE).first()
    if meeting is None:
        meeting = meeting_save(
            cycle=cycle,
            place=DEMO_PLACE,
            municipality="1804",
            date=today - dt.timedelta(days=30),
            attendance_by_type=DEMO_ATTENDANCE,
            by=by,
        )
        meeting_inputs_add(meeting=meeting, texts=DEMO_INPUTS, by=by)
    return meeting
