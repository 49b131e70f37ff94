"""Writes to inputs: single creation, bulk loading from CSV/JSON lines, classification."""

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
from innspill.conferences.models import Conference, Session, SessionKind
from innspill.cycles.models import Cycle
from innspill.inputs import search
from innspill.inputs.models import Actor, DataVersion, Input, Kind, Origin, Theme
from innspill.organisations.models import OrganisationType, Region

REQUIRED_COLUMNS = ("year", "conference", "session", "text")
OPTIONAL_COLUMNS = ("organisation_type", "region", "kind", "theme", "group")
MAX_TEXT_LENGTH = 5000
BATCH_SIZE = 2000


def input_fingerprint(
    *, year: int, conference: str, session: str, group: str, text: str, source: str = ""
) -> str:
    """A stable identity for an input: the same row loaded or imported twice maps to one record."""
    return fingerprint_normalised(year, conference, session, group, normalise(text), source)


def fingerprint_normalised(
    year: int, conference: str, session: str, group: str, text: str, source: str = ""
) -> str:
    """`input_fingerprint` for text that is already normalised (bulk paths normalise once)."""
    key = "\x1f".join([str(year), conference.strip(), session.strip(), group.strip(), text, source])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def cycle_get_or_create(*, year: int) -> Cycle:
    cycle, _created = Cycle.objects.get_or_create(
        year=year,
        defaults={"title": _("Den nasjonale integreringskonferansen %(year)s") % {"year": year}},
    )
    return cycle


def conference_get_or_create(*, cycle: Cycle, title: str) -> Conference:
    conference, _created = Conference.objects.get_or_create(cycle=cycle, title=title)
    return conference


def session_get_or_create(
    *, conference: Conference, title: str, number: int | None = None, **fields: Any
) -> Session:
    """Find a session by number (when given) or title in a conference, creating it if missing."""
    qs = conference.sessions.all()
    existing = (
        qs.filter(number=number, kind=SessionKind.PARALLEL) if number else qs.filter(title=title)
    ).first()
    if existing:
        return existing
    return Session.objects.create(conference=conference, title=title, number=number, **fields)


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
    """Persist one input (idempotent by fingerprint); returns (input, created). Indexes it for search."""
    text = normalise(text)
    if not text:
        raise ValueError(_("Innspillet er tomt."))
    conference = session.conference if session else extra.pop("conference", None)
    fingerprint = input_fingerprint(
        year=cycle.year,
        conference=conference.title if conference else "",
        session=session.title if session else "",
        group=group_heading,
        text=text,
        source=source_key,
    )
    existing = Input.objects.filter(fingerprint=fingerprint).first()
    if existing:
        return existing, False
    item = Input.objects.create(
        text=text,
        cycle=cycle,
        year=cycle.year,
        conference=conference,
        session=session,
        origin=origin,
        group_heading=group_heading,
        organisation_type=organisation_type,
        region=region,
        kind=kind,
        theme=theme,
        status=status,
        fingerprint=fingerprint,
        classified_by="source" if (theme or kind) else "",
        **extra,
    )
    if actors:
        item.actors.set(actors)
    if theme is None or kind is None:
        inputs_classify(ids=[item.pk])
        item.refresh_from_db()
    return item, True


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
    fingerprint: str


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
        fingerprint=fingerprint_normalised(year, conference, session, group, text),
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
    batch: list[_Row] = []
    seen: set[str] = set()
    created_ids: list[int] = []
    cache: dict[tuple, Any] = {}
    for line, row in _read_rows(path):
        result.rows += 1
        clean = _validate_row(line, row, vocab)
        if isinstance(clean, str):
            result.rejected.append((line, clean))
            continue
        if clean.fingerprint in seen:
            result.unchanged += 1
            continue
        seen.add(clean.fingerprint)
        batch.append(clean)
        if len(batch) >= BATCH_SIZE:
            created_ids += _load_batch(batch, themes, kinds, result, cache)
            batch = []
    if batch:
        created_ids += _load_batch(batch, themes, kinds, result, cache)
    if classify and created_ids:
        inputs_classify(ids=created_ids)
    if created_ids:
        DataVersion.bump()
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
        conference = cache.get(("conf", row.year, row.conference)) or conference_get_or_create(
            cycle=cycle, title=row.conference
        )
        cache[("conf", row.year, row.conference)] = conference
        cache[key] = (
            cycle,
            conference,
            session_get_or_create(conference=conference, title=row.session),
        )
    return cache[key]


_INSERT_COLUMNS = (
    "text",
    "cycle_id",
    "year",
    "conference_id",
    "session_id",
    "origin",
    "organisation_type",
    "region",
    "group_heading",
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


def _load_batch(
    batch: list[_Row],
    themes: dict[str, int],
    kinds: dict[str, int],
    result: LoadResult,
    cache: dict[tuple, Any],
) -> list[int]:
    """Insert one batch with a single executemany (bulk_create would split it into ~50-row statements on SQLite)."""
    table = Input._meta.db_table
    now = connection.ops.adapt_datetimefield_value(clock.now())
    with transaction.atomic():
        existing = set(
            Input.objects.filter(fingerprint__in=[r.fingerprint for r in batch]).values_list(
                "fingerprint", flat=True
            )
        )
        fresh = [r for r in batch if r.fingerprint not in existing]
        result.unchanged += len(batch) - len(fresh)
        values = []
        for r in fresh:
            cycle, conference, session = _context_for(r, cache)
            values.append(
                (
                    r.text,
                    cycle.pk,
                    r.year,
                    conference.pk,
                    session.pk,
                    Origin.LOAD.value,
                    r.organisation_type,
                    r.region,
                    r.group,
                    kinds.get(r.kind),
                    themes.get(r.theme),
                    "source" if (r.theme or r.kind) else "",
                    "nb",
                    "published",
                    0,
                    r.fingerprint,
                    now,
                    now,
                )
            )
        if values:
            columns = ", ".join(_INSERT_COLUMNS)
            placeholders = ", ".join(["%s"] * len(_INSERT_COLUMNS))
            conflict = (
                " ON CONFLICT (fingerprint) DO NOTHING"  # a concurrent loader may have won the race
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders}){conflict}",  # noqa: S608 - fixed names
                    values,
                )
        created = list(
            Input.objects.filter(fingerprint__in=[r.fingerprint for r in fresh]).values_list(
                "pk", "text"
            )
        )
        search.index_rows(created)
    result.created += len(created)
    return [pk for pk, _ in created]


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
