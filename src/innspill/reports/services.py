"""Writes for the report builder: draft from data, edit the draft, publish frozen versions.

Every edit names the draft revision it was made on; a stale or repeated post changes nothing
(`StaleDraftError`), so a double click never moves an item twice.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.common.models import Task, audit
from innspill.common.tasks import task_progress, task_start
from innspill.cycles.models import Cycle
from innspill.documents import render as r
from innspill.documents.render.serialize import document_to_dict
from innspill.reports import selectors
from innspill.reports.models import Report, ReportStatus, ReportType, ReportVersion

MAX_TEXT = 10_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ReportEditError(Exception):
    """An edit that cannot be applied (unknown place, empty text); the message is for staff."""


class StaleDraftError(ReportEditError):
    """The draft changed since the form was shown (or the same post came twice)."""


def sanitise_markup(text: str) -> str:
    """Staff text reduced to the safe subset's source: no tags, no control characters, one line."""
    text = strip_tags(_CONTROL.sub(" ", text or ""))
    return " ".join(text.split())[:MAX_TEXT]


def _spans(markup: str) -> list[dict[str, Any]]:
    return document_to_dict(
        r.ReportDocument(title="", sections=[r.Section(heading="", blocks=[r.paragraph(markup)])])
    )["sections"][0]["blocks"][0]["spans"]


def report_draft(*, cycle: Cycle, report_type: str, by: Any) -> Report:
    """Fill every section from the cycle's data and save it as the report's draft.

    Re-drafting replaces the current draft; after a publication it starts the next version.
    """
    require(by, "reports.edit")
    if report_type not in ReportType.values:
        raise ReportEditError(_("Ukjent rapporttype."))
    draft = document_to_dict(selectors.report_data(cycle, report_type))
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            cycle=cycle, report_type=report_type, defaults={"draft": draft}
        )
        if not created:
            if report.status == ReportStatus.PUBLISHED:
                report.version += 1
            report.draft = draft
            report.status = ReportStatus.DRAFT
            report.revision += 1
            report.save()
    audit(
        action="report.draft",
        target=str(report),
        details={"version": report.version, "sections": len(draft["sections"])},
        by=by,
    )
    return report


def _save_edit(
    *, report: Report, revision: int, draft: dict[str, Any], action: str, by: Any
) -> Report:
    """Compare-and-set on the revision; an edit after publishing starts the next version."""
    status, version = report.status, report.version
    if status == ReportStatus.PUBLISHED:
        status, version = ReportStatus.DRAFT, version + 1
    changed = Report.objects.filter(pk=report.pk, revision=revision).update(
        draft=draft, revision=revision + 1, status=status, version=version
    )
    if not changed:
        raise StaleDraftError(_("Utkastet er endret siden siden ble lastet. Last inn på nytt."))
    report.draft, report.revision, report.status, report.version = (
        draft,
        revision + 1,
        status,
        version,
    )
    audit(action=action, target=str(report), details={"revision": revision + 1}, by=by)
    return report


def _locate(
    draft: dict[str, Any], section: int, block: int | None = None
) -> tuple[dict, dict | None]:
    missing = ReportEditError(_("Fant ikke denne delen av rapporten."))
    if section < 0 or (block is not None and block < 0):
        raise missing
    try:
        found_section = draft["sections"][section]
        found_block = found_section["blocks"][block] if block is not None else None
    except (IndexError, KeyError, TypeError):
        raise missing from None
    return found_section, found_block


def report_text_edit(
    *,
    report: Report,
    revision: int,
    section: int,
    block: int | None = None,
    item: int | None = None,
    text: str,
    by: Any,
) -> Report:
    """Replace a heading (no block), a paragraph (safe markup) or a list item (plain text)."""
    require(by, "reports.edit")
    text = sanitise_markup(text)
    if not text:
        raise ReportEditError(_("Teksten kan ikke være tom."))
    draft = copy.deepcopy(report.draft)
    found_section, found_block = _locate(draft, section, block)
    if found_block is None:
        found_section["heading"] = text[:500]
    elif found_block["type"] == "paragraph" and item is None:
        found_block["spans"] = _spans(text)
    elif found_block["type"] == "bullets" and item is not None:
        if not 0 <= item < len(found_block["items"]):
            raise ReportEditError(_("Fant ikke punktet."))
        # inputs are quoted, never read as markup
        found_block["items"][item] = [{"text": text}]
    elif found_block["type"] == "bullets" and item is None:
        found_block["heading"] = text[:500]
    else:
        raise ReportEditError(_("Denne delen kan ikke redigeres som tekst."))
    return _save_edit(report=report, revision=revision, draft=draft, action="report.edit", by=by)


def report_paragraph_add(
    *, report: Report, revision: int, section: int, text: str, by: Any
) -> Report:
    """Append a paragraph of staff text (safe markup) to a section."""
    require(by, "reports.edit")
    text = sanitise_markup(text)
    if not text:
        raise ReportEditError(_("Teksten kan ikke være tom."))
    draft = copy.deepcopy(report.draft)
    found_section, _block = _locate(draft, section)
    found_section["blocks"].append({"type": "paragraph", "spans": _spans(text)})
    return _save_edit(report=report, revision=revision, draft=draft, action="report.edit", by=by)


def report_move(
    *,
    report: Report,
    revision: int,
    section: int,
    block: int | None = None,
    item: int | None = None,
    direction: str,
    by: Any,
) -> Report:
    """Move a section, a block or a list item one place up or down."""
    require(by, "reports.edit")
    if direction not in ("up", "down"):
        raise ReportEditError(_("Ukjent retning."))
    draft = copy.deepcopy(report.draft)
    found_section, found_block = _locate(draft, section, block)
    if found_block is None:
        items, index = draft["sections"], section
    elif item is None:
        items, index = found_section["blocks"], block or 0
    elif found_block["type"] == "bullets":
        items, index = found_block["items"], item
    else:
        raise ReportEditError(_("Bare punkter i lister kan flyttes."))
    target = index - 1 if direction == "up" else index + 1
    if not (0 <= index < len(items) and 0 <= target < len(items)):
        raise ReportEditError(_("Kan ikke flyttes lenger."))
    items[index], items[target] = items[target], items[index]
    return _save_edit(report=report, revision=revision, draft=draft, action="report.move", by=by)


def report_hide(
    *,
    report: Report,
    revision: int,
    section: int,
    block: int | None = None,
    item: int | None = None,
    hidden: bool,
    by: Any,
) -> Report:
    """Hide or show a section or block, or hide one list item (kept aside, see restore)."""
    require(by, "reports.edit")
    draft = copy.deepcopy(report.draft)
    found_section, found_block = _locate(draft, section, block)
    if found_block is None:
        found_section["hidden"] = hidden
    elif item is None:
        found_block["hidden"] = hidden
    else:
        if found_block["type"] != "bullets" or not 0 <= item < len(found_block["items"]):
            raise ReportEditError(_("Fant ikke punktet."))
        if not hidden:
            raise ReportEditError(_("Skjulte punkter vises igjen for hele listen."))
        spans = found_block["items"].pop(item)
        found_block.setdefault("hidden_items", []).append([item, spans])
    return _save_edit(report=report, revision=revision, draft=draft, action="report.hide", by=by)


def report_items_restore(
    *, report: Report, revision: int, section: int, block: int, by: Any
) -> Report:
    """Put a list's hidden items back where they were."""
    require(by, "reports.edit")
    draft = copy.deepcopy(report.draft)
    _section, found_block = _locate(draft, section, block)
    assert found_block is not None
    hidden_items = found_block.pop("hidden_items", [])
    if not hidden_items:
        raise ReportEditError(_("Listen har ingen skjulte punkter."))
    # hidden last first, so each goes back to the index it had when it was hidden
    for position, spans in reversed(hidden_items):
        found_block["items"].insert(min(position, len(found_block["items"])), spans)
    return _save_edit(report=report, revision=revision, draft=draft, action="report.hide", by=by)


def report_publish(*, report: Report, by: Any) -> Task:
    """Start the background build of HTML, PDF and DOCX; the task stores them frozen."""
    require(by, "reports.publish")
    if report.status == ReportStatus.PUBLISHED:
        raise ReportEditError(_("Denne versjonen er allerede publisert."))
    from innspill.reports import tasks  # the task module calls back into this one

    return task_start(
        kind="report.publish",
        func=tasks.publish_task,
        kwargs={
            "report_id": report.pk,
            "revision": report.revision,
            "user_id": by.pk if getattr(by, "is_authenticated", False) else None,
        },
        by=by,
        label=_("Publiserer %(report)s") % {"report": report},
    )


def report_version_publish(
    *, report: Report, revision: int, by: Any, task_id: int | None = None
) -> ReportVersion:
    """Render the draft in all formats and store it as the next frozen version (idempotent)."""
    require(by, "reports.publish")
    existing = ReportVersion.objects.filter(report=report, version=report.version).first()
    if existing is not None:
        return existing
    if report.revision != revision:
        raise StaleDraftError(_("Utkastet ble endret etter at publiseringen ble startet."))
    document = selectors.report_document(report)
    total = 5

    def progress(done: int, message: str) -> None:
        if task_id is not None:
            task_progress(task_id, done=done, total=total, message=message)

    progress(0, _("Lager nettsiden"))
    html = r.render_html(document, stylesheet_href=reverse("reports:stylesheet"))
    progress(1, _("Lager PDF"))
    pdf = r.render_pdf(document)
    progress(3, _("Lager Word-dokument"))
    docx = r.render_docx(document)
    progress(4, _("Lagrer"))
    try:
        with transaction.atomic():
            version = ReportVersion.objects.create(
                report=report,
                version=report.version,
                document=r.document_to_dict(document),
                html=html,
                pdf=pdf,
                docx=docx,
                html_sha256=r.content_hash(html),
                pdf_sha256=r.content_hash(pdf),
                docx_sha256=r.content_hash(docx),
                pdf_pages=pdf_page_count(pdf),
                published_by=by if getattr(by, "is_authenticated", False) else None,
            )
            updated = Report.objects.filter(pk=report.pk, revision=revision).update(
                status=ReportStatus.PUBLISHED
            )
            if not updated:
                raise StaleDraftError(_("Utkastet ble endret under publiseringen."))
    except IntegrityError:
        # a second worker published the same version first
        return ReportVersion.objects.get(report=report, version=report.version)
    report.status = ReportStatus.PUBLISHED
    progress(5, _("Publisert"))
    audit(
        action="report.publish",
        target=str(report),
        details={"version": version.version, "pdf_sha256": version.pdf_sha256},
        by=by,
    )
    return version


def pdf_page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def user_for(user_id: int | None) -> Any:
    if user_id is None:
        return None
    return get_user_model().objects.get(pk=user_id)
