"""Factory functions for live capture (real services, no mocks)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from innspill.capture import services
from innspill.capture.models import Capture
from innspill.capture.rules import COMMAND_LINE
from innspill.common import clock
from innspill.conferences.models import Session
from tests.registrations.factories import block_sessions, make_conference


def open_capture(
    *, moderated: bool = False, session: Session | None = None, ends_in: timedelta | None = None
) -> Capture:
    """An open capture on a fresh conference's first session (ending `ends_in` from now, if given)."""
    if session is None:
        session = block_sessions(make_conference(sessions=2))[0]
    if ends_in is not None:
        session.starts_at = clock.now() - timedelta(hours=1)
        session.ends_at = clock.now() + ends_in
        session.save(update_fields=["starts_at", "ends_at"])
    capture = services.capture_setup(session=session, by=COMMAND_LINE)
    return services.capture_open(capture=capture, by=COMMAND_LINE, moderated=moderated)


def send(capture: Capture, text: str, *, group: str = "", device: str = "phone-1", client_id=None):
    return services.submission_receive(
        capture=capture,
        client_id=client_id or uuid.uuid4(),
        text=text,
        group=group,
        device_id=device,
    )
