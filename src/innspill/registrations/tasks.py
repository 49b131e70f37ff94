"""Background work of the conference day (the badge PDF, about 13 pages a second) and the
daily retention of participants' personal data."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from innspill.common import clock
from innspill.common.mail import site_url
from innspill.common.tasks import reports_progress, task_progress
from innspill.conferences.models import Conference
from innspill.registrations.badges import badge_rows, render_badges
from innspill.registrations.privacy import purge_personal_data

CHUNK = 25


def badges_dir() -> Path:
    # Outside MEDIA_ROOT: the file holds names and is served only to staff by a view.
    path = Path(settings.VAR_DIR) / "badges"
    path.mkdir(parents=True, exist_ok=True)
    return path


def badges_path(conference_id: int, task_id: int) -> Path:
    return badges_dir() / f"navneskilt-{conference_id}-{task_id}.pdf"


@task()
@reports_progress
def badges_task(*, task_id: int, conference_id: int) -> dict:
    conference = Conference.objects.get(pk=conference_id)
    rows = badge_rows(conference)

    def url_for(code: str) -> str:
        return site_url(reverse("registrations:checkin-code", args=[code]))

    def progress(done: int, total: int) -> None:
        task_progress(task_id, done=done, total=total, message=_("Lager navneskilt"))

    pdf = render_badges(
        conference=conference, rows=rows, url_for=url_for, chunk=CHUNK, progress=progress
    )
    badges_path(conference_id, task_id).write_bytes(pdf)
    return {
        "pages": len(rows),
        "next_url": reverse("registrations:badges-file", args=[conference_id, task_id]),
    }


def purge_badge_files(*, now: datetime | None = None) -> int:
    """Delete badge PDFs (they hold names) older than the needs' retention: used on the day only."""
    days = settings.INNSPILL["PERSONAL_NEEDS_RETENTION_DAYS"]
    cutoff = ((now or clock.now()) - timedelta(days=days)).timestamp()
    removed = 0
    for path in badges_dir().glob("navneskilt-*.pdf"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


@task()
def personal_data_purge_task() -> dict[str, int]:
    """Daily (common/schedule.py): the retention policy of docs/privacy.md."""
    result = purge_personal_data()
    return {
        "needs": result.needs,
        "anonymised": result.anonymised,
        "badge_files": purge_badge_files(),
    }
