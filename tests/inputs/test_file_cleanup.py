"""Stale import drafts and orphan source files are removed after the grace period; a missing
source file is a 404 with our message, not a 500."""

import os

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.inputs.cleanup import CleanupResult, media_files_cleanup
from innspill.inputs.models import SourceDocument

pytestmark = pytest.mark.django_db


def _aged(path, days):
    stamp = (clock.now().timestamp()) - days * 86400
    os.utime(path, (stamp, stamp))


def test_stale_drafts_and_orphans_go_after_the_grace_period(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    grace = settings.INNSPILL["FILE_CLEANUP_GRACE_DAYS"]
    document = SourceDocument(sha256="a" * 64, filename="rapport.pdf")
    document.file.save("aaaa.pdf", ContentFile(b"%PDF-1.4 kept"), save=True)
    kept = tmp_path / document.file.name
    orphan = tmp_path / "sources" / "bbbb.pdf"
    orphan.write_bytes(b"%PDF-1.4 orphan")
    fresh_orphan = tmp_path / "sources" / "cccc.pdf"
    fresh_orphan.write_bytes(b"%PDF-1.4 being saved")
    drafts = tmp_path / "import-drafts"
    drafts.mkdir()
    (drafts / "old.pdf").write_bytes(b"old")
    (drafts / "new.pdf").write_bytes(b"new")
    for path in (kept, orphan, drafts / "old.pdf"):
        _aged(path, grace + 1)
    _aged(fresh_orphan, grace - 1)
    _aged(drafts / "new.pdf", grace - 1)

    assert media_files_cleanup() == CleanupResult(drafts=1, orphans=1)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")) == [
        "import-drafts/new.pdf",
        "sources/aaaa.pdf",
        "sources/cccc.pdf",
    ]
    assert AuditEvent.objects.get(action="media.cleanup").details == {"drafts": 1, "orphans": 1}
    assert media_files_cleanup() == CleanupResult(drafts=0, orphans=0)


def test_a_source_whose_file_is_gone_is_a_404_with_our_message(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = SourceDocument(sha256="d" * 64, filename="rapport.pdf")
    document.file.save("dddd.pdf", ContentFile(b"%PDF-1.4"), save=True)
    url = reverse("archive:source-download", args=[document.pk])
    first = client.get(url)
    assert (first.status_code, b"".join(first.streaming_content)) == (200, b"%PDF-1.4")
    (tmp_path / document.file.name).unlink()
    response = client.get(url)
    assert response.status_code == 404
    assert "Filen til dokumentet finnes ikke lenger på serveren." in response.content.decode()
