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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from innspill.analysis.text import normalise, stems
from innspill.common.models import audit
from innspill.conferences.models import Conference, Session, SessionKind, Summary
from innspill.cycles.models import Cycle, EvaluationResult
from innspill.inputs.models import DataVersion, Input, Origin, SourceDocument
from innspill.inputs.services import fingerprint_normalised, inputs_classify

DRAFT_DIR = "import-drafts"
DUPLICATE_JACCARD = (
    0.8  # stem-set overlap above which an input is the same one read from another copy
)
TIP_GROUP_PREFIX = "Oppfordringer og tips"


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


def report_parse(*, path: Path, on_progress=None) -> dict[str, Any]:
    """Read and structure a report file; raises documents' DocumentError with a clear message."""
    from innspill.documents.structure import parse_document

    return parse_document(path, on_progress=on_progress).to_dict()


def report_import(
    *, path: Path, structure: dict[str, Any] | None = None, filename: str = "", by: Any = None
) -> ImportResult:
    """Save a report's structure as a source document, its sessions, inputs, summaries and evaluation.

    `structure` is the (possibly staff-corrected) output of `report_parse`; when omitted the
    file is parsed here. Idempotent by file content.
    """
    sha = file_sha256(path)
    existing = SourceDocument.objects.filter(sha256=sha).first()
    if existing:
        return ImportResult(
            status="unchanged", document_id=existing.pk, inputs=existing.inputs.count()
        )
    if structure is None:
        structure = report_parse(path=path)
    if not structure.get("year"):
        # Pages cut out of a report (a scan of its sessions) often lack the title page; the file name may say.
        match = re.search(r"(?<!\d)(20\d\d)(?!\d)", filename or path.name)
        if match:
            structure = {**structure, "year": int(match.group(1))}
            structure.setdefault("warnings", []).append(
                _("Årstallet %(year)s er hentet fra filnavnet.") % {"year": match.group(1)}
            )
    year = structure.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ReportImportError(
            _("Fant ikke årstallet for rapporten; oppgi det i forhåndsvisningen.")
        )
    with transaction.atomic():
        result = _save(
            sha=sha, path=path, filename=filename or path.name, structure=structure, by=by
        )
    # Classification is a refinement: it runs after the import committed, and a failure leaves labels empty.
    inputs_classify(
        ids=list(
            Input.objects.filter(source_document_id=result.document_id).values_list("pk", flat=True)
        )
    )
    return result


def _save(
    *, sha: str, path: Path, filename: str, structure: dict[str, Any], by: Any
) -> ImportResult:
    year = structure["year"]
    title = normalise(structure.get("title") or "") or _("Rapport %(year)s") % {"year": year}
    document = SourceDocument(
        sha256=sha,
        filename=filename[:300],
        kind=structure.get("kind", "")[:40],
        year=year,
        title=title[:500],
        structure=structure,
        warnings=list(structure.get("warnings") or []),
        imported_by=by if getattr(by, "is_authenticated", False) else None,
    )
    with path.open("rb") as fh:
        document.file.save(f"{sha[:16]}{path.suffix.lower()}", File(fh), save=False)
    document.save()
    cycle, _created = Cycle.objects.get_or_create(
        year=year,
        defaults={"title": title[:300], "theme": (structure.get("facts") or {}).get("focus") or ""},
    )
    facts = structure.get("facts") or {}
    # A cycle has one conference; another copy or part of its report (a PDF, a scan) belongs to the same one.
    conference = Conference.objects.filter(cycle=cycle).order_by("pk").first()
    if conference is None:
        conference = Conference.objects.create(
            cycle=cycle,
            title=title[:300],
            venue=(facts.get("venue") or "")[:300],
            participants=facts.get("participants"),
        )
    elif conference.title == _("Rapport %(year)s") % {"year": year} and structure.get("title"):
        conference.title = title[
            :300
        ]  # a part imported first had no title page; the whole report has one
        conference.save(update_fields=["title"])
    if facts.get("venue") and not conference.venue:
        conference.venue = facts["venue"][:300]
        conference.participants = conference.participants or facts.get("participants")
        conference.save(update_fields=["venue", "participants"])
    result = ImportResult(status="created", document_id=document.pk, warnings=document.warnings)
    rows: list[Input] = []
    seen: set[str] = set()
    # Inputs already in a session (from another copy of the same report) by their stem sets, to skip
    # OCR-variant duplicates that an exact fingerprint cannot catch.
    existing_stems: dict[int, list[frozenset[str]]] = {}

    def add(
        text: str,
        *,
        session: Session | None,
        group: str,
        position: int,
        page=None,
        line=None,
        origin=Origin.IMPORT,
    ):
        text = normalise(text)
        if not text:
            return
        if session is not None:
            known = existing_stems.setdefault(
                session.pk,
                [
                    frozenset(stems(t))
                    for t in Input.objects.filter(session=session).values_list("text", flat=True)
                ],
            )
            mine = frozenset(stems(text))
            if any(_jaccard(mine, other) >= DUPLICATE_JACCARD for other in known):
                return
        # Not keyed to the file: the same report imported as text and as PDF gives each input once.
        fingerprint = fingerprint_normalised(
            year, conference.title, session.title if session else "", group, text
        )
        if fingerprint in seen:
            return
        seen.add(fingerprint)
        rows.append(
            Input(
                text=text[:5000],
                cycle=cycle,
                year=year,
                conference=conference,
                session=session,
                origin=origin,
                group_heading=(group or "")[:500],
                source_document=document,
                source_page=page,
                source_line=line,
                position=position,
                fingerprint=fingerprint,
                status="published",
            )
        )

    for number_index, data in enumerate(structure.get("sessions") or [], start=1):
        number = data.get("number") or number_index
        session = Session.objects.filter(
            conference=conference, kind=SessionKind.PARALLEL, number=number
        ).first()
        if session is None:
            session = Session.objects.create(
                conference=conference,
                kind=SessionKind.PARALLEL,
                number=number,
                title=(normalise(data.get("title") or "") or _("Sesjon %(n)s") % {"n": number})[
                    :500
                ],
                leader_name=(data.get("leader") or "")[:200],
                leader_role=(data.get("leader_role") or "")[:300],
                questions=list(data.get("questions") or []),
            )
            result.sessions += 1
        for position, item in enumerate(data.get("inputs") or []):
            add(
                item.get("text", ""),
                session=session,
                group=item.get("group") or "",
                position=position,
                page=item.get("page"),
                line=item.get("line"),
            )
    for tip_index, group in enumerate(structure.get("tips") or []):
        heading = f"{TIP_GROUP_PREFIX}: {group.get('heading') or ''}".rstrip(": ")
        for position, text in enumerate(group.get("items") or []):
            add(text, session=None, group=heading, position=10_000 + tip_index * 1000 + position)
    for position, text in enumerate(structure.get("recurring") or []):
        add(
            text,
            session=None,
            group=_("Innspill som går igjen"),
            position=20_000 + position,
            origin=Origin.ROUND,
        )
    known = set(Input.objects.filter(fingerprint__in=seen).values_list("fingerprint", flat=True))
    rows = [row for row in rows if row.fingerprint not in known]
    Input.objects.bulk_create(rows)
    from innspill.inputs import search

    search.index_rows((row.pk, row.text) for row in rows)
    result.inputs = len(rows)

    for position, data in enumerate(structure.get("summaries") or []):
        leader = normalise(data.get("leader") or "") or _("Ukjent leder")
        session = None
        if data.get("session"):
            session = Session.objects.filter(
                conference=conference, kind=SessionKind.PARALLEL, number=data["session"]
            ).first()
        Summary.objects.get_or_create(
            conference=conference,
            leader_name=leader[:200],
            position=position,
            defaults={
                "session": session,
                "leader_role": (data.get("leader_role") or "")[:300],
                "items": list(data.get("items") or []),
            },
        )
        result.summaries += 1
    evaluation = structure.get("evaluation") or {}
    if any(evaluation.get(k) not in (None, [], "") for k in evaluation):
        EvaluationResult.objects.update_or_create(
            cycle=cycle,
            source=f"import:{sha[:12]}",
            defaults={
                "response_rate": _percent(evaluation.get("response_rate")),
                "satisfied_overall": _percent(evaluation.get("satisfied_overall")),
                "satisfied_plenary": list(evaluation.get("satisfied_plenary") or []),
                "satisfied_sessions": list(evaluation.get("satisfied_sessions") or []),
                "would_attend_next_year": _percent(evaluation.get("would_attend_next_year")),
                "maybe_next_year": _percent(evaluation.get("maybe_next_year")),
                "suggestions": list(evaluation.get("suggestions") or []),
            },
        )
    DataVersion.bump()
    audit(action="report.import", target=filename, details=result.as_dict(), by=by)
    return result


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _percent(value: Any) -> float | None:
    if isinstance(value, int | float) and 0 <= value <= 100:
        return float(value)
    return None


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


def parse_task(*, task_id: int, draft: str) -> dict[str, Any]:
    """Background task: read and structure a draft, reporting pages done."""
    from innspill.common.tasks import task_progress

    path = draft_path(draft)
    structure = report_parse(
        path=path,
        on_progress=lambda done, total: task_progress(
            task_id, done=done, total=total, message=_("sider lest")
        ),
    )
    existing = SourceDocument.objects.filter(sha256=file_sha256(path)).first()
    return {
        "structure": structure,
        "draft": draft,
        "already_imported": existing.pk if existing else None,
    }
