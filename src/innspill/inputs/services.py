"""Writes to inputs: the one path that creates them (`inputs_create_many`), loading from CSV/JSON
lines, single creation, classification and staff corrections."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from innspill.analysis.text import normalise
from innspill.common import clock
from innspill.common.models import audit
from innspill.conferences.models import Conference, Session
from innspill.conferences.services import conference_get_or_create, session_get_or_create
from innspill.cycles.models import Cycle
from innspill.cycles.services import cycle_get_or_create
from innspill.inputs import search
from innspill.inputs.models import (
    Actor,
    DataVersion,
    Input,
    Kind,
    Origin,
    Status,
    Theme,
    input_merged,
)
from innspill.organisations.models import OrganisationType, Region

REQUIRED_COLUMNS = ("year", "conference", "session", "text")
OPTIONAL_COLUMNS = ("organisation_type", "region", "kind", "theme", "group")
MAX_TEXT_LENGTH = 5000
BATCH_SIZE = 2000


def fingerprint_normalised(
    year: int, conference: str, session: str, group: str, text: str, source: str = ""
) -> str:
    """A stable identity for an input: the same row loaded or imported twice maps to one record."""
    key = "\x1f".join([str(year), conference.strip(), session.strip(), group.strip(), text, source])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def group_key(group: str, section: str = "") -> str:
    """The heading part of a fingerprint: a section key keeps tips and recurring inputs apart."""
    return f"{section}:{group}" if section else group


def session_key(session: Session | None) -> str:
    """The session part of a fingerprint: its title, or its number when the report gave none."""
    if session is None:
        return ""
    return session.title or f"#{session.number or ''}"


@dataclass
class NewInput:
    """One input to create; `conference_title`, `session_title` and `source_key` only feed its fingerprint."""

    text: str
    cycle_id: int
    year: int
    origin: str
    conference_id: int | None = None
    session_id: int | None = None
    meeting_id: int | None = None
    question_round_id: int | None = None
    source_document_id: int | None = None
    source_page: int | None = None
    source_line: int | None = None
    group_heading: str = ""
    section: str = ""
    organisation_type: str = ""
    region: str = ""
    kind_id: int | None = None
    theme_id: int | None = None
    status: str = "published"
    language: str = "nb"
    position: int = 0
    actor_ids: tuple[int, ...] = ()
    conference_title: str = ""
    session_title: str = ""
    source_key: str = ""
    # the caller may have normalised already (loading checks the normalised length)
    normalised: bool = False


@dataclass
class CreateResult:
    ids: list[int] = field(default_factory=list)
    unchanged: int = 0  # already stored, or the same input twice in this call
    empty: int = 0  # nothing left after normalising
    to_classify: list[int] = field(default_factory=list, repr=False)

    @property
    def created(self) -> int:
        return len(self.ids)


_INSERT_COLUMNS = (
    "text",
    "cycle_id",
    "year",
    "conference_id",
    "session_id",
    "meeting_id",
    "question_round_id",
    "source_document_id",
    "source_page",
    "source_line",
    "origin",
    "organisation_type",
    "region",
    "group_heading",
    "section",
    "kind_id",
    "theme_id",
    "classified_by",
    "language",
    "status",
    "position",
    "fingerprint",
    "created_at",
    "updated_at",
)


def inputs_create_many(
    *, rows: Iterable[NewInput], classify: bool = True, by: Any = None
) -> CreateResult:
    """Create inputs in batches: normalise, fingerprint, skip known ones, index for search, classify.

    The one write path for new inputs (loading, importing, the demo, single creation). Idempotent
    by fingerprint. Each batch is one transaction (a savepoint inside the caller's); the data
    version is bumped once at the end, also when a later batch fails after earlier ones were kept.
    Callers record the audit event for their whole run (`by` is theirs). When `classify` is set,
    the model labels the new inputs; a theme or kind from the source is kept, and inputs that
    came with actors are left as given. The rows are consumed: their text is normalised in place.
    """
    result = CreateResult()
    seen: set[str] = set()
    batch: list[tuple[str, NewInput]] = []
    try:
        for row in rows:
            text = row.text if row.normalised else normalise(row.text)
            if not text:
                result.empty += 1
                continue
            row.text = text[:MAX_TEXT_LENGTH]
            fingerprint = fingerprint_normalised(
                row.year,
                row.conference_title,
                row.session_title,
                group_key(row.group_heading, row.section),
                text,
                row.source_key,
            )
            if fingerprint in seen:
                result.unchanged += 1
                continue
            seen.add(fingerprint)
            batch.append((fingerprint, row))
            if len(batch) >= BATCH_SIZE:
                _insert_batch(batch, result)
                batch = []
        if batch:
            _insert_batch(batch, result)
    finally:
        if result.ids:
            DataVersion.bump()
    if classify and result.to_classify:
        inputs_classify(ids=result.to_classify)
    return result


def _insert_batch(batch: list[tuple[str, NewInput]], result: CreateResult) -> None:
    """Insert one batch with a single executemany (bulk_create would split it into ~50-row statements on SQLite)."""
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with transaction.atomic():
        existing = set(
            Input.objects.filter(fingerprint__in=[f for f, _ in batch]).values_list(
                "fingerprint", flat=True
            )
        )
        fresh = [(f, r) for f, r in batch if f not in existing]
        result.unchanged += len(batch) - len(fresh)
        if not fresh:
            return
        values = [
            (
                r.text,
                r.cycle_id,
                r.year,
                r.conference_id,
                r.session_id,
                r.meeting_id,
                r.question_round_id,
                r.source_document_id,
                r.source_page,
                r.source_line,
                r.origin,
                r.organisation_type,
                r.region,
                r.group_heading[:500],
                r.section,
                r.kind_id,
                r.theme_id,
                "source" if (r.theme_id or r.kind_id) else "",
                r.language,
                r.status,
                r.position,
                fingerprint,
                now,
                now,
            )
            for fingerprint, r in fresh
        ]
        columns = ", ".join(_INSERT_COLUMNS)
        placeholders = ", ".join(["%s"] * len(_INSERT_COLUMNS))
        with connection.cursor() as cursor:
            cursor.executemany(
                # a concurrent writer may have won the race for a fingerprint
                f"INSERT INTO {Input._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - fixed names
                " ON CONFLICT (fingerprint) DO NOTHING",
                values,
            )
        by_fingerprint = dict(
            Input.objects.filter(fingerprint__in=[f for f, _ in fresh]).values_list(
                "fingerprint", "pk"
            )
        )
        created = [(by_fingerprint[f], r) for f, r in fresh if f in by_fingerprint]
        search.index_rows((pk, r.text) for pk, r in created)
        links = [
            Input.actors.through(input_id=pk, actor_id=actor_id)
            for pk, r in created
            for actor_id in r.actor_ids
        ]
        if links:
            Input.actors.through.objects.bulk_create(links)
    result.ids += [pk for pk, _ in created]
    result.to_classify += [pk for pk, r in created if not r.actor_ids]


@transaction.atomic
def input_create(
    *,
    text: str,
    cycle: Cycle,
    origin: str,
    session: Session | None = None,
    group_heading: str = "",
    organisation_type: str = "",
    region: str = "",
    kind: Kind | None = None,
    theme: Theme | None = None,
    actors: Iterable[Actor] = (),
    status: str = "published",
    source_key: str = "",
    by: Any = None,
    **extra: Any,
) -> tuple[Input, bool]:
    """Persist one input (idempotent by fingerprint) through `inputs_create_many`; returns (input, created).

    `extra` names other links by object (`conference`, `meeting`, `question_round`,
    `source_document`) or plain fields (`position`, `section`, `language`, `source_page`).
    """
    text = normalise(text)
    if not text:
        raise ValueError(_("Innspillet er tomt."))
    conference = session.conference if session else extra.pop("conference", None)
    links = {
        f"{name}_id": getattr(extra.pop(name), "pk", None)
        for name in ("meeting", "question_round", "source_document")
        if name in extra
    }
    row = NewInput(
        text=text,
        cycle_id=cycle.pk,
        year=cycle.year,
        origin=origin,
        conference_id=conference.pk if conference else None,
        session_id=session.pk if session else None,
        group_heading=group_heading,
        organisation_type=organisation_type,
        region=region,
        kind_id=kind.pk if kind else None,
        theme_id=theme.pk if theme else None,
        status=status,
        actor_ids=tuple(a.pk for a in actors),
        conference_title=conference.title if conference else "",
        session_title=session_key(session),
        source_key=source_key,
        normalised=True,
        **links,
        **extra,
    )
    result = inputs_create_many(rows=[row], by=by)
    fingerprint = fingerprint_normalised(
        cycle.year,
        row.conference_title,
        row.session_title,
        group_key(row.group_heading, row.section),
        text[:MAX_TEXT_LENGTH],
        source_key,
    )
    return Input.objects.get(fingerprint=fingerprint), bool(result.ids)


# --- Bulk loading -------------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "unchanged": self.unchanged,
            "rejected": [{"line": line, "error": msg} for line, msg in self.rejected],
        }


class LoadError(Exception):
    """The file as a whole cannot be loaded (unreadable, wrong format, missing columns)."""


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) pairs from a CSV or JSON-lines file; line numbers as an editor shows them."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            _("Kan ikke lese %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            _("Filen er ikke UTF-8-kodet tekst (byte %(pos)s).") % {"pos": exc.start}
        ) from exc
    if not content.strip():
        raise LoadError(_("Filen er tom."))
    is_jsonl = path.suffix.lower() in {".jsonl", ".ndjson", ".json"} or content.lstrip().startswith(
        "{"
    )
    if is_jsonl:
        for lineno, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, {"__error__": _("ugyldig JSON: %(msg)s") % {"msg": exc.msg}}
                continue
            yield (
                lineno,
                row if isinstance(row, dict) else {"__error__": _("linjen er ikke et JSON-objekt")},
            )
        return
    sample = content[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(content), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LoadError(
            _("Mangler kolonne(r): %(cols)s. Første linje må ha: %(need)s.")
            % {"cols": ", ".join(missing), "need": ", ".join(REQUIRED_COLUMNS)}
        )
    reader.fieldnames = header
    for row in reader:
        yield reader.line_num, row


@dataclass
class _Row:
    line: int
    year: int
    conference: str
    session: str
    text: str
    group: str
    organisation_type: str
    region: str
    kind: str
    theme: str


def _validate_row(line: int, row: dict[str, Any], vocab: dict[str, set[str]]) -> _Row | str:
    """A clean row, or the message saying what is wrong with it."""
    if "__error__" in row:
        return str(row["__error__"])
    if None in row:
        return _("for mange felter")
    values = {k.strip().lower(): ("" if v is None else str(v).strip()) for k, v in row.items() if k}
    for col in REQUIRED_COLUMNS:
        if not values.get(col):
            return _("feltet «%(col)s» mangler") % {"col": col}
    try:
        year = int(values["year"])
    except ValueError:
        return _("«year» må være et årstall, fikk «%(v)s»") % {"v": values["year"][:20]}
    if not 2000 <= year <= 2100:
        return _("«year» %(v)s er utenfor 2000–2100") % {"v": year}
    text = normalise(values["text"])
    if not text:
        return _("feltet «text» er tomt")
    if len(text) > MAX_TEXT_LENGTH:
        return _("teksten er over %(n)s tegn") % {"n": MAX_TEXT_LENGTH}
    for col, allowed in vocab.items():
        value = values.get(col, "")
        if value and value not in allowed:
            return _("ukjent %(col)s «%(v)s»") % {"col": col, "v": value[:40]}
    conference, session, group = (
        values["conference"][:300],
        values["session"][:500],
        values.get("group", "")[:500],
    )
    return _Row(
        line=line,
        year=year,
        conference=conference,
        session=session,
        text=text,
        group=group,
        organisation_type=values.get("organisation_type", ""),
        region=values.get("region", ""),
        kind=values.get("kind", ""),
        theme=values.get("theme", ""),
    )


def inputs_load(*, path: Path, by: Any = None, classify: bool = True) -> LoadResult:
    """Load inputs from a CSV or JSON-lines file: good rows are kept, bad rows are reported by line.

    Creates the cycles, conferences and sessions the rows name. Idempotent: rows already
    present (same fingerprint) are counted as unchanged. Each batch is one transaction.
    """
    themes = dict(Theme.objects.values_list("key", "id"))
    kinds = dict(Kind.objects.values_list("key", "id"))
    vocab = {
        "organisation_type": set(OrganisationType.values),
        "region": set(Region.values),
        "kind": set(kinds),
        "theme": set(themes),
    }
    result = LoadResult()
    cache: dict[tuple, Any] = {}

    def new_inputs() -> Iterator[NewInput]:
        for line, row in _read_rows(path):
            result.rows += 1
            clean = _validate_row(line, row, vocab)
            if isinstance(clean, str):
                result.rejected.append((line, clean))
                continue
            cycle, conference, session = _context_for(clean, cache)
            yield NewInput(
                text=clean.text,
                normalised=True,
                cycle_id=cycle.pk,
                year=clean.year,
                origin=Origin.LOAD,
                conference_id=conference.pk,
                session_id=session.pk,
                organisation_type=clean.organisation_type,
                region=clean.region,
                group_heading=clean.group,
                kind_id=kinds.get(clean.kind),
                theme_id=themes.get(clean.theme),
                conference_title=clean.conference,
                session_title=clean.session,
            )

    created = inputs_create_many(rows=new_inputs(), classify=classify, by=by)
    result.created, result.unchanged = created.created, created.unchanged
    audit(
        action="inputs.load",
        target=str(path.name),
        details=result.as_dict() | {"rejected": len(result.rejected)},
        by=by,
    )
    return result


def _context_for(row: _Row, cache: dict[tuple, Any]) -> tuple[Cycle, Conference, Session]:
    key = (row.year, row.conference, row.session)
    if key not in cache:
        cycle = cache.get(("cycle", row.year)) or cycle_get_or_create(year=row.year)
        cache[("cycle", row.year)] = cycle
        conference = cache.get(("conf", row.year, row.conference))
        if conference is None:
            conference, _created = conference_get_or_create(cycle=cycle, title=row.conference)
        cache[("conf", row.year, row.conference)] = conference
        session, _created = session_get_or_create(conference=conference, title=row.session)
        cache[key] = (cycle, conference, session)
    return cache[key]


# --- Classification ----------------------------------------------------------------------------


def inputs_classify(*, ids: Iterable[int] | None = None, overwrite: bool = False) -> int:
    """Give themes, actors and kind to inputs the model may label; staff corrections are never overwritten.

    Returns the number of inputs updated. Does nothing if no trained model is available.
    """
    from innspill.inputs import classification

    return classification.classify_inputs(ids=ids, overwrite=overwrite)


@transaction.atomic
def input_correct(
    *, item: Input, theme: Theme | None, kind: Kind | None, actors: Iterable[Actor], by: Any
) -> Input:
    """Staff set an input's labels: they override the model from now on and feed the next training."""
    from innspill.accounts.roles import require
    from innspill.inputs.models import LabelCorrection

    require(by, "inputs.classify")
    actors = list(actors)
    item.theme, item.kind, item.classified_by, item.theme_confidence = theme, kind, "staff", None
    item.save(update_fields=["theme", "kind", "classified_by", "theme_confidence", "updated_at"])
    item.actors.set(actors)
    if theme is not None:
        item.themes.remove(theme)
    LabelCorrection.objects.create(
        input=item,
        text=item.text,
        theme=theme.key if theme else "",
        themes=[theme.key] + [t.key for t in item.themes.all()] if theme else [],
        actors=[a.key for a in actors],
        kind=kind.key if kind else "",
        by=by,
    )
    audit(
        action="input.correct",
        target=str(item.pk),
        details={
            "theme": theme.key if theme else None,
            "kind": kind.key if kind else None,
            "actors": [a.key for a in actors],
        },
        by=by,
    )
    return item


# --- Staff edits and moderation -----------------------------------------------------------------
# An edit keeps the input's fingerprint: it names where the input came from, so loading or
# importing the same source again still finds it and does not bring the old text back.


def _staff_write(item: Input, by: Any) -> Input:
    """The input locked for this transaction, after checking the editor may edit inputs."""
    from innspill.accounts.roles import require

    require(by, "inputs.edit")
    return Input.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def input_update(
    *,
    item: Input,
    text: str,
    group_heading: str = "",
    organisation_type: str = "",
    region: str = "",
    by: Any,
) -> Input:
    """Change an input's text and description; audited with the fields that changed.

    A changed text is indexed again (the save signal) and, unless staff set its labels, labelled
    again by the model.
    """
    item = _staff_write(item, by)
    text = normalise(text)
    if not text:
        raise ValueError(_("Innspillet kan ikke være tomt."))
    fields = {
        "text": text[:MAX_TEXT_LENGTH],
        "group_heading": group_heading.strip()[:500],
        "organisation_type": organisation_type,
        "region": region,
    }
    changed = sorted(name for name, value in fields.items() if getattr(item, name) != value)
    if not changed:
        return item
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*changed, "updated_at"])
    if "text" in changed and item.classified_by != "staff":
        inputs_classify(ids=[item.pk], overwrite=True)
    audit(action="input.update", target=str(item.pk), details={"fields": changed}, by=by)
    return item


@transaction.atomic
def input_move(*, item: Input, session: Session, by: Any) -> Input:
    """Move an input to another session (of any conference: its cycle and year follow); audited."""
    item = _staff_write(item, by)
    before = item.session_id
    if before == session.pk:
        return item
    conference = session.conference
    item.session, item.conference = session, conference
    item.cycle_id, item.year = conference.cycle_id, conference.cycle.year
    item.save(update_fields=["session", "conference", "cycle", "year", "updated_at"])
    audit(
        action="input.move",
        target=str(item.pk),
        details={"from_session": before, "to_session": session.pk},
        by=by,
    )
    return item


@transaction.atomic
def input_publish(*, item: Input, by: Any) -> Input:
    """Approve a waiting input, or show a hidden one again: it becomes public; audited."""
    item = _staff_write(item, by)
    if item.status == Status.MERGED:
        raise ValueError(_("Innspillet er slått sammen med et annet og kan ikke publiseres."))
    before = item.status
    if before != Status.PUBLISHED:
        item.status = Status.PUBLISHED
        item.save(update_fields=["status", "updated_at"])
        audit(action="input.publish", target=str(item.pk), details={"from": before}, by=by)
    return item


@transaction.atomic
def input_hide(*, item: Input, reason: str = "", by: Any) -> Input:
    """Take an input out of the archive (kept, with its history, for staff); audited with the reason."""
    item = _staff_write(item, by)
    if item.status == Status.MERGED:
        raise ValueError(_("Innspillet er slått sammen med et annet og vises ikke."))
    before = item.status
    if before != Status.HIDDEN:
        item.status = Status.HIDDEN
        item.save(update_fields=["status", "updated_at"])
        audit(
            action="input.hide",
            target=str(item.pk),
            details={"from": before, "reason": normalise(reason)[:300]},
            by=by,
        )
    return item


@transaction.atomic
def input_merge(*, item: Input, into: Input, text: str = "", by: Any) -> Input:
    """Fold `item` into `into`, which says the same; returns `into`.

    Provenance is kept: `item` stays stored with its source, session and year, marked merged and
    pointing at `into` (inputs merged into `item` before now point at `into` too), and `into`
    gains its actors and secondary themes. `text`, if given, becomes `into`'s text. Audited.
    """
    from innspill.accounts.roles import require

    require(by, "inputs.edit")
    if item.pk == into.pk:
        raise ValueError(_("Et innspill kan ikke slås sammen med seg selv."))
    # Ordered by id alone: the same lock order for every merge, and no join to the session
    # (the model's ordering), which PostgreSQL cannot lock FOR UPDATE.
    rows = Input.objects.select_for_update().filter(pk__in=[item.pk, into.pk]).order_by("pk")
    locked = {i.pk: i for i in rows}
    item, into = locked[item.pk], locked[into.pk]
    if Status.MERGED in (item.status, into.status):
        raise ValueError(_("Et av innspillene er allerede slått sammen med et annet."))
    earlier = list(Input.objects.filter(merged_into=item).values_list("pk", flat=True))
    Input.objects.filter(pk__in=earlier).update(merged_into=into, updated_at=clock.now())
    before = item.status
    item.status, item.merged_into = Status.MERGED, into
    item.save(update_fields=["status", "merged_into", "updated_at"])
    into.actors.add(*item.actors.all())
    into.themes.add(*item.themes.exclude(pk=into.theme_id))
    if item.theme_id and item.theme_id != into.theme_id:
        into.themes.add(item.theme_id)
    text = normalise(text)
    if text and text != into.text:
        into.text = text[:MAX_TEXT_LENGTH]
        into.save(update_fields=["text", "updated_at"])
    audit(
        action="input.merge",
        target=str(into.pk),
        details={"merged": item.pk, "status_before": before, "also_moved": earlier},
        by=by,
    )
    input_merged.send(sender=Input, item=item, into=into, by=by)
    return into
