"""Files under MEDIA_ROOT that nothing needs any more: import drafts never confirmed, orphans.

A draft waits in media/import-drafts while staff check the preview; one left longer than
the grace period was abandoned. A file under media/sources that no `SourceDocument` points to
is an orphan (a save killed between writing the file and its row, or a row deleted); it is
removed once older than the same grace period, so a file being saved right now is never
taken. Run daily by the task worker (common/schedule.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings

from innspill.common import clock
from innspill.common.models import audit
from innspill.inputs.importing import DRAFT_DIR
from innspill.inputs.models import SourceDocument

SOURCE_DIR = "sources"


@dataclass(frozen=True)
class CleanupResult:
    drafts: int
    orphans: int


def media_files_cleanup(*, now: datetime | None = None) -> CleanupResult:
    """Delete stale drafts and orphan source files older than FILE_CLEANUP_GRACE_DAYS; audited."""
    days = settings.INNSPILL["FILE_CLEANUP_GRACE_DAYS"]
    cutoff = ((now or clock.now()) - timedelta(days=days)).timestamp()
    media = Path(settings.MEDIA_ROOT)
    drafts = _remove_old((media / DRAFT_DIR).glob("*"), cutoff)
    known = {
        name for name in SourceDocument.objects.exclude(file="").values_list("file", flat=True)
    }
    candidates = (
        path
        for path in (media / SOURCE_DIR).glob("*")
        if path.relative_to(media).as_posix() not in known
    )
    orphans = _remove_old(candidates, cutoff)
    if drafts or orphans:
        audit(action="media.cleanup", details={"drafts": drafts, "orphans": orphans})
    return CleanupResult(drafts=drafts, orphans=orphans)


def _remove_old(paths, cutoff: float) -> int:
    removed = 0
    for path in paths:
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
