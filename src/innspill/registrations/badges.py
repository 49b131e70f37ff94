"""Name badges as a PDF: one A6 page per confirmed participant, with a QR code for check-in."""

from __future__ import annotations

from collections.abc import Callable

import segno
from django.template.loader import render_to_string

from innspill.conferences.models import Conference
from innspill.registrations.models import Assignment, Registration


def badge_rows(conference: Conference) -> list[dict]:
    registrations = list(
        Registration.objects.filter(
            conference=conference, status=Registration.Status.CONFIRMED
        ).order_by("name", "id")
    )
    sessions: dict[int, list[str]] = {}
    for a in (
        Assignment.objects.filter(run__conference=conference, run__published_at__isnull=False)
        .select_related("session")
        .order_by("block__position", "block_id")
    ):
        sessions.setdefault(a.registration_id, []).append(a.session.title)
    return [{"registration": r, "sessions": sessions.get(r.pk, [])} for r in registrations]


def render_badges(
    *,
    conference: Conference,
    rows: list[dict],
    url_for: Callable[[str], str],
    chunk: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """Lay out the badges (in chunks of `chunk` pages, reporting progress) and join the pages."""
    from weasyprint import HTML

    for row in rows:
        row["qr"] = segno.make(url_for(row["registration"].badge_code), error="m").svg_data_uri(
            scale=4, border=2
        )
    size = chunk or max(1, len(rows))
    documents = []
    for start in range(0, max(1, len(rows)), size):
        part = rows[start : start + size]
        html = render_to_string(
            "registrations/badges.html", {"conference": conference, "rows": part}
        )
        documents.append(HTML(string=html).render())
        if progress is not None:
            progress(min(start + size, len(rows)), len(rows))
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def badges_pdf(*, conference: Conference, url_for: Callable[[str], str]) -> bytes:
    return render_badges(conference=conference, rows=badge_rows(conference), url_for=url_for)
