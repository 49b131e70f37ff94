"""iCalendar (RFC 5545) export of a conference program, written by hand: escaped, folded, CRLF."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from innspill.conferences.models import Conference, Session


def ics_escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newlines."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for ch in line:
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = " "
            limit = 75
        current += ch
    out.append(current)
    return "\r\n".join(out)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def program_ics(
    *, conference: Conference, sessions: Iterable[Session], host: str, now: datetime
) -> str:
    """The program as iCalendar, its texts in the active language where the secretariat gave
    them (a calendar has no markup, so a bokmål fallback goes unmarked)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//innspill//konferanseprogram//NB",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_escape(conference.localized['title'].text)}",
    ]
    for s in sessions:
        if s.starts_at is None:
            continue
        description = "\n".join(
            part
            for part in [
                f"{s.leader_name}, {s.localized['leader_role'].text}".strip(", ")
                if s.leader_name
                else "",
                ", ".join(s.speaker_list),
            ]
            if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{s.pk}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"DTSTART:{_utc(s.starts_at)}",
            f"DTEND:{_utc(s.ends_at or s.starts_at)}",
            f"SUMMARY:{ics_escape(str(s.display))}",
        ]
        location = ", ".join(p for p in [s.room, conference.localized["venue"].text] if p)
        if location:
            lines.append(f"LOCATION:{ics_escape(location)}")
        if description:
            lines.append(f"DESCRIPTION:{ics_escape(description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
