"""Importing published reports into the archive: file → structure (documents package) → records.

The same content (by SHA-256) is imported once: a second import reports "unchanged" and
writes nothing. Everything one import writes happens in one transaction, so a crash half-way
saves nothing. Staff may correct the structure in a preview first; the corrected structure
is what gets saved.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from innspill.analysis.text import normalise, stems
from innspill.common.models import audit
from innspill.conferences.models import Conference, Session, SessionKind, Summary
from innspill.conferences.services import (
    conference_get_or_create,
    conference_update,
    session_get_or_create,
)
from innspill.cycles.models import Cycle, QuestionRound
from innspill.cycles.services import (
    cycle_get_or_create,
    default_cycle_title,
    evaluation_result_store,
    question_round_get_or_create,
)
from innspill.documents.figures import FigureError, figures_from_values
from innspill.documents.model import Evaluation, Facts, ParsedReport
from innspill.documents.model import Session as ParsedSession
from innspill.inputs.models import (
    DataVersion,
    Input,
    Origin,
    Section,
    SourceDocument,
    report_imported,
)
from innspill.inputs.services import NewInput, inputs_classify, inputs_create_many, session_key

DRAFT_DIR = "import-drafts"
CONFERENCE_REPORT = "conference_report"
INPUT_REPORT = "input_report"
DUPLICATE_JACCARD = (
    0.8  # stem-set overlap above which an input is the same one read from another copy
)


class ReportImportError(Exception):
    """The report cannot be imported as it stands; the message says why, in one line."""


@dataclass
class ImportResult:
    status: str  # "created" | "unchanged"
    document_id: int
    inputs: int = 0
    sessions: int = 0
    summaries: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "document": self.document_id,
            "inputs": self.inputs,
            "sessions": self.sessions,
            "summaries": self.summaries,
            "warnings": self.warnings,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def report_parse(
    *, path: Path, on_progress=None, kind: str | None = None, year: int | None = None
) -> ParsedReport:
    """Read and structure a report file; raises documents' DocumentError with a clear message.

    `kind` (one of `documents.model.KINDS`) and `year` override what the reader detects.
    """
    from innspill.documents.structure import parse_document

    return parse_document(path, on_progress=on_progress, kind=kind, year=year)


def report_import(
    *, path: Path, report: ParsedReport | None = None, filename: str = "", by: Any = None
) -> ImportResult:
    """Save a report's structure as a source document, its inputs, evaluation and (by kind) conference.

    Only a conference report creates the year's conference with its sessions and summaries; an
    input report files its inputs under a question round named for it, and a booklet of practices
    or another document only its inputs (its practices follow through `report_imported`).

    `report` is the (possibly staff-corrected) output of `report_parse`; when omitted the
    file is parsed here. Idempotent by file content. Stores no interface words: what the
    report left unnamed is stored empty or as a key and named on display.
    """
    sha = file_sha256(path)
    existing = SourceDocument.objects.filter(sha256=sha).first()
    if existing:
        return ImportResult(
            status="unchanged", document_id=existing.pk, inputs=existing.inputs.count()
        )
    if report is None:
        report = report_parse(path=path)
    if not report.year:
        # Pages cut out of a report (a scan of its sessions) often lack the title page; the file name may say.
        match = re.search(r"(?<!\d)(20\d\d)(?!\d)", filename or path.name)
        if match:
            # in the parser's words and language, as its own warnings are
            note = f"Årstallet {match.group(1)} er hentet fra filnavnet."
            report = replace(report, year=int(match.group(1)), warnings=[*report.warnings, note])
    year = report.year
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ReportImportError(
            _("Fant ikke årstallet for rapporten; oppgi det i forhåndsvisningen.")
        )
    with transaction.atomic():
        result = _save(
            sha=sha, path=path, filename=filename or path.name, year=year, report=report, by=by
        )
    # Classification is a refinement: it runs after the import committed, and a failure leaves labels empty.
    inputs_classify(
        ids=list(
            Input.objects.filter(source_document_id=result.document_id).values_list("pk", flat=True)
        )
    )
    return result


def _save(
    *, sha: str, path: Path, filename: str, year: int, report: ParsedReport, by: Any
) -> ImportResult:
    title = normalise(report.title or "")
    document = _document_save(sha=sha, path=path, filename=filename, report=report, by=by)
    # Only a conference report names the year's conference; a booklet's title is not the cycle's.
    is_conference = report.kind == CONFERENCE_REPORT
    cycle = cycle_get_or_create(
        year=year, title=title if is_conference else "", theme=report.facts.focus or "", by=by
    )
    result = ImportResult(status="created", document_id=document.pk, warnings=document.warnings)
    conference: Conference | None = None
    question_round: QuestionRound | None = None
    sessions: list[tuple[Session | None, ParsedSession]] = []
    if is_conference:
        conference = _conference_for(cycle=cycle, title=title, facts=report.facts, by=by)
        for number_index, parsed in enumerate(report.sessions, start=1):
            session, created = session_get_or_create(
                conference=conference,
                number=parsed.number or number_index,
                title=normalise(parsed.title or "")[:500],
                kind=SessionKind.PARALLEL,
                leader_name=(parsed.leader or "")[:200],
                leader_role=(parsed.leader_role or "")[:300],
                questions=list(parsed.questions),
                by=by,
            )
            result.sessions += created
            sessions.append((session, parsed))
    else:
        if report.kind == INPUT_REPORT:
            # an input report gathers the answers of a round; its chapters are the round's questions
            question_round = question_round_get_or_create(
                cycle=cycle, title=title or Path(filename).stem, by=by
            )
        sessions = [(None, parsed) for parsed in report.sessions]
    rows = _new_inputs(
        report=report,
        sessions=sessions,
        cycle=cycle,
        conference=conference,
        question_round=question_round,
        document=document,
    )
    result.inputs = inputs_create_many(rows=rows, classify=False, by=by).created
    if conference is not None:
        result.summaries = _summaries_save(conference=conference, report=report)
    _evaluation_save(cycle=cycle, evaluation=report.evaluation, sha=sha)
    report_imported.send(sender=SourceDocument, document=document, report=report, by=by)
    DataVersion.bump()
    audit(action="report.import", target=filename, details=result.as_dict(), by=by)
    return result


def _document_save(
    *, sha: str, path: Path, filename: str, report: ParsedReport, by: Any
) -> SourceDocument:
    document = SourceDocument(
        sha256=sha,
        filename=filename[:300],
        kind=report.kind[:40],
        year=report.year,
        title=normalise(report.title or "")[:500],
        structure=report.to_dict(),
        warnings=list(report.warnings),
        imported_by=by if getattr(by, "is_authenticated", False) else None,
    )
    with path.open("rb") as fh:
        document.file.save(f"{sha[:16]}{path.suffix.lower()}", File(fh), save=False)
    document.save()
    return document


def _conference_for(*, cycle: Cycle, title: str, facts: Facts, by: Any) -> Conference:
    """A cycle has one conference; another copy or part of its report (a PDF, a scan) belongs to the same one."""
    unnamed = default_cycle_title(cycle.year)
    conference = Conference.objects.filter(cycle=cycle).order_by("pk").first()
    if conference is None:
        conference, _created = conference_get_or_create(
            cycle=cycle,
            title=title or unnamed,
            defaults={"venue": (facts.venue or "")[:300], "participants": facts.participants},
            by=by,
        )
        return conference
    changes: dict[str, Any] = {}
    if conference.title == unnamed and title:
        # a part imported first had no title page; the whole report has one
        changes["title"] = title[:300]
    if facts.venue and not conference.venue:
        changes["venue"] = facts.venue[:300]
        changes["participants"] = conference.participants or facts.participants
    if changes:
        conference = conference_update(conference=conference, by=by, **changes)
    return conference


def _new_inputs(
    *,
    report: ParsedReport,
    sessions: list[tuple[Session | None, ParsedSession]],
    cycle: Cycle,
    conference: Conference | None,
    question_round: QuestionRound | None,
    document: SourceDocument,
) -> list[NewInput]:
    """The report's inputs in document order: sessions (or chapters), then tips, then the recurring ones.

    Without a conference a chapter's inputs keep its title as their heading: an input report's
    chapters are the round's questions, so the question comes first there.
    """
    common = {
        "cycle_id": cycle.pk,
        "year": cycle.year,
        "conference_id": conference.pk if conference else None,
        "conference_title": conference.title if conference else "",
        "question_round_id": question_round.pk if question_round else None,
        "source_document_id": document.pk,
    }
    rows: list[NewInput] = []
    running = 0  # without sessions, one order across the chapters
    for session, parsed in sessions:
        chapter = normalise(parsed.title or "")[:500]
        # Inputs already there (from another copy of the same report) by their stem sets, to
        # skip OCR-variant duplicates that an exact fingerprint cannot catch.
        if session is not None:
            stored = Input.objects.filter(session=session)
        else:
            stored = Input.objects.filter(
                cycle=cycle, session=None, question_round=question_round, section=""
            )
        known = [frozenset(stems(t)) for t in stored.values_list("text", flat=True)]
        for position, item in enumerate(parsed.inputs):
            text = normalise(item.text)
            mine = frozenset(stems(text))
            if not text or any(_jaccard(mine, other) >= DUPLICATE_JACCARD for other in known):
                continue
            if session is not None:
                heading = item.group or ""
            elif question_round is not None:
                heading = chapter or normalise(item.group or "")
            else:
                heading = normalise(item.group or "") or chapter
            rows.append(
                NewInput(
                    text=text,
                    normalised=True,
                    origin=Origin.IMPORT,
                    session_id=session.pk if session else None,
                    session_title=session_key(session) if session else chapter,
                    group_heading=heading,
                    position=position if session is not None else running,
                    source_page=item.page,
                    source_line=item.line,
                    **common,
                )
            )
            running += 1
    for tip_index, group in enumerate(report.tips):
        for position, text in enumerate(group.items):
            rows.append(
                NewInput(
                    text=text,
                    origin=Origin.IMPORT,
                    section=Section.TIPS,
                    group_heading=normalise(group.topic or ""),
                    position=10_000 + tip_index * 1000 + position,
                    **common,
                )
            )
    for position, text in enumerate(report.recurring):
        rows.append(
            NewInput(
                text=text,
                origin=Origin.ROUND,
                section=Section.RECURRING,
                position=20_000 + position,
                **common,
            )
        )
    return rows


def _summaries_save(*, conference: Conference, report: ParsedReport) -> int:
    for position, parsed in enumerate(report.summaries):
        session = None
        if parsed.session:
            session = Session.objects.filter(
                conference=conference, kind=SessionKind.PARALLEL, number=parsed.session
            ).first()
        Summary.objects.get_or_create(
            conference=conference,
            leader_name=normalise(parsed.leader or "")[:200],  # empty: «Ukjent leder» on display
            position=position,
            defaults={
                "session": session,
                "leader_role": (parsed.leader_role or "")[:300],
                "items": list(parsed.items),
            },
        )
    return len(report.summaries)


def _evaluation_save(*, cycle: Cycle, evaluation: Evaluation, sha: str) -> None:
    """The report's figures as stated; the scalars only count for a draft without figures."""
    figures: list[Any] = list(evaluation.figures) or figures_from_values(asdict(evaluation))
    if not figures and not evaluation.suggestions:
        return
    try:
        evaluation_result_store(
            cycle=cycle,
            source=f"import:{sha[:12]}",
            figures=figures,
            suggestions=evaluation.suggestions,
        )
    except FigureError as exc:
        raise ReportImportError(
            _("Evalueringstallene kan ikke lagres: %(error)s") % {"error": exc}
        ) from None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


# --- Drafts: the uploaded file waits in media/import-drafts until staff confirm ---------------


def draft_store(*, upload, by: Any = None) -> Path:
    """Keep an uploaded file under MEDIA_ROOT/import-drafts/<sha><suffix>; returns its path."""
    folder = Path(settings.MEDIA_ROOT) / DRAFT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name).suffix.lower()[:10]
    temp = folder / f"upload-{uuid.uuid4().hex}{suffix}"
    digest = hashlib.sha256()
    with temp.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    final = folder / f"{digest.hexdigest()}{suffix}"
    shutil.move(temp, final)
    return final


def draft_path(name: str) -> Path:
    """Resolve a draft's file name safely inside the drafts folder."""
    folder = (Path(settings.MEDIA_ROOT) / DRAFT_DIR).resolve()
    path = (folder / Path(name).name).resolve()
    if path.parent != folder or not path.exists():
        raise FileNotFoundError(name)
    return path


def draft_page_image(*, path: Path, page: int) -> Path:
    """Page `page` of a PDF draft as a PNG beside the draft, rendered on first request.

    Kept as a file in the drafts folder, so the daily clean-up removes it with the draft.
    Raises IndexError for a page the file does not have.
    """
    from innspill.documents.pages import page_png

    image = path.with_name(f"{path.stem}.page-{page:04d}.png")
    if not image.exists():
        temp = image.with_name(f"upload-{uuid.uuid4().hex}.png")
        temp.write_bytes(page_png(path, page))
        temp.replace(image)  # two requests for the same page both end with a whole file
    return image


def parse_task(*, task_id: int, draft: str) -> dict[str, Any]:
    """Background task: read and structure a draft, reporting pages done."""
    from innspill.common.tasks import task_progress

    path = draft_path(draft)
    structure = report_parse(
        path=path,
        on_progress=lambda done, total: task_progress(
            task_id, done=done, total=total, message=_("sider lest")
        ),
    ).to_dict()
    existing = SourceDocument.objects.filter(sha256=file_sha256(path)).first()
    return {
        "structure": structure,
        "draft": draft,
        "already_imported": existing.pk if existing else None,
    }
