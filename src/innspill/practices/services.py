"""Writes for the good-practice library: practices from imported reports and marked inputs, and
the inputs that ask for what each practice does."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.analysis.text import normalise, stems
from innspill.common.models import audit
from innspill.documents.model import ParsedReport
from innspill.documents.model import Practice as ParsedPractice
from innspill.inputs.models import DataVersion, Input, SourceDocument, Status, Theme
from innspill.organisations.municipalities import Municipality, by_number, lookup
from innspill.practices.models import Practice, PracticeMatch

log = logging.getLogger(__name__)

REQUEST_LEASE_SECONDS = 300
MATCHES_KEPT = 8  # related inputs stored per practice
# Below this cosine score an input shares words with a practice but does not ask for it
# (read on the corpus: at 0.12 «norskopplæring» inputs still matched the language-café
# practices, below 0.1 they matched on «kommune» and «innvandrer» alone).
MIN_MATCH_SCORE = 0.12


class PracticeError(ValueError):
    """A practice that breaks a rule; the message is for the user."""


_FOLD = str.maketrans("éèêóòôáàü", "eeeoooaau")


def search_key(stem: str) -> str:
    """A stem as the search compares it: «kafé» and «kafe» are written both ways."""
    return stem.translate(_FOLD)


def _search_stems(*parts: str) -> str:
    found = sorted({search_key(s) for part in parts for s in stems(part or "")})
    return f" {' '.join(found)} " if found else ""


def _text_for_matching(practice: Practice) -> str:
    return "\n".join([practice.title, practice.description, *practice.measures])


def _theme_for(text: str) -> Theme | None:
    """The classifier's primary theme for a practice's text, or None without a model."""
    from innspill.analysis import classifier
    from innspill.inputs.classification import model_load

    try:
        model, _stale = model_load()
    except FileNotFoundError:
        return None
    [result] = classifier.classify_with(model, [text])
    return Theme.objects.filter(key=result.theme).first()


def practice_create(
    *,
    title: str,
    municipality_name: str = "",
    municipality_number: str = "",
    description: str = "",
    measures: Sequence[str] = (),
    runs_by: str = "",
    contact: str = "",
    theme: Theme | None = None,
    year: int | None = None,
    source_document: SourceDocument | None = None,
    source_page: int | None = None,
    source_input: Input | None = None,
    facts: dict[str, Any] | None = None,
    queue_matching: bool = True,
    by: Any = None,
) -> Practice:
    """Store one practice, its municipality looked up in the register; queues its related inputs
    after commit unless `queue_matching` is off (a caller storing many queues once).

    `municipality_number` wins over the name; a name the register does not know (or one that
    names two municipalities) is kept as written with no number. Audited.
    """
    title = normalise(title or "")[:300]
    if not title:
        raise PracticeError(_("Et godt grep må ha en tittel."))
    if municipality_number:
        municipality = by_number(municipality_number)
        if municipality is None:
            raise PracticeError(
                _("Ukjent kommunenummer «%(number)s».") % {"number": municipality_number}
            )
    else:
        municipality = municipality_in(municipality_name, f"{title}\n{description}")
    facts = facts or {}
    description = (description or "").strip()
    measures = [normalise(m) for m in measures if normalise(m)]
    if theme is None:
        theme = _theme_for("\n".join([title, description, *measures]))
    practice = Practice.objects.create(
        title=title,
        municipality_name=(municipality_name or (municipality.short_name if municipality else ""))[
            :100
        ],
        municipality_number=municipality.number if municipality else "",
        description=description,
        measures=measures,
        runs_by=(runs_by or "").strip()[:300],
        contact=(contact or "").strip()[:300],
        theme=theme,
        year=year,
        source_document=source_document,
        source_page=source_page,
        source_input=source_input,
        inhabitants=facts.get("inhabitants"),
        inhabitants_date=(facts.get("inhabitants_date") or "")[:40],
        immigrants=facts.get("immigrants"),
        immigrant_share=facts.get("immigrant_share"),
        nationalities=facts.get("nationalities"),
        search_stems=_search_stems(title, municipality_name, description, *measures),
    )
    audit(
        action="practice.create",
        target=str(practice.pk),
        details={"title": title, "municipality": practice.municipality_number},
        by=by,
    )
    if queue_matching:
        transaction.on_commit(practice_matches_request)
    return practice


def practices_from_report(*, document: SourceDocument, report: ParsedReport, by: Any = None) -> int:
    """Store the practices a parsed report describes (a theme booklet, an input report's examples).

    Returns how many were stored; a title the document already holds is stored once.
    """
    seen: set[str] = set()
    stored = 0
    for parsed in report.practices:
        if not isinstance(parsed, ParsedPractice):
            continue
        title = normalise(parsed.title or "")[:300]
        if not title or title in seen:
            continue
        seen.add(title)
        facts = parsed.facts
        practice_create(
            title=title,
            municipality_name=parsed.municipality or "",
            description=parsed.text,
            measures=parsed.measures,
            year=report.year,
            source_document=document,
            source_page=parsed.page,
            facts={
                "inhabitants": facts.inhabitants,
                "inhabitants_date": getattr(facts, "inhabitants_date", None),
                "immigrants": facts.immigrants,
                "immigrant_share": facts.immigrant_share,
                "nationalities": facts.nationalities,
            },
            queue_matching=False,
            by=by,
        )
        stored += 1
    if stored:
        transaction.on_commit(practice_matches_request)
    return stored


def on_report_imported(
    sender: object, *, document: SourceDocument, report: ParsedReport, by: Any = None, **kwargs
) -> None:
    """Receiver of inputs.models.report_imported: the report's practices join the library."""
    practices_from_report(document=document, report=report, by=by)


OPENING = 250
_PLACE_RE = re.compile(r"\b(?:[Ii]|[Pp]å)\s+([A-ZÆØÅ][\w-]+)|\b([A-ZÆØÅ][\w-]+)\s+kommune\b")


def municipality_in(name: str, text: str = "") -> Municipality | None:
    """Today's municipality for a practice: its named place, or without one the first in its text.

    A report names a place as «Tranøy i Midt-Troms» or only in its text («KulturMix i Skedsmo»);
    only names the register knows count, so «i Norge» or «I samarbeid» find nothing.
    """
    if name:
        # a named place that is no municipality (a county, a region) is not looked for in the text
        return lookup(name) or lookup(re.split(r"\s+i\s+", name, maxsplit=1)[0])
    # only the opening: further in, a story mentions other places («intervju … i Oslo»)
    for match in _PLACE_RE.finditer((text or "")[:OPENING]):
        found = lookup(match.group(1) or match.group(2))
        if found:
            return found
    return None


def _first_sentence(text: str, limit: int = 100) -> str:
    sentence = re.split(r"(?<=[.!?])\s", normalise(text), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def practice_create_from_input(
    *,
    input: Input,
    title: str = "",
    municipality_name: str = "",
    municipality_number: str = "",
    runs_by: str = "",
    contact: str = "",
    by: Any,
) -> Practice:
    """Mark an input (a round answer, a meeting's input) as a good local example.

    The input's text becomes what the practice does; its theme and year carry over. One practice
    per input: marking it again returns the one there is. Needs `inputs.edit`; audited.
    """
    require(by, "inputs.edit")
    existing = Practice.objects.filter(source_input=input).first()
    if existing:
        return existing
    return practice_create(
        title=title or _first_sentence(input.text),
        municipality_name=municipality_name,
        municipality_number=municipality_number,
        description=input.text,
        runs_by=runs_by,
        contact=contact,
        theme=input.theme,
        year=input.year,
        source_document=None,
        source_input=input,
        by=by,
    )


def practice_matches_request() -> None:
    """Queue the matching task (it does nothing when every practice is up to date)."""
    from innspill.practices.tasks import practice_matches_task

    practice_matches_task.enqueue()


def practice_matches_request_for(version: str) -> bool:
    """Queue the matching for a data version a page found stale, once per process and version
    while a request is young (a page viewed often must not queue a task per view)."""
    if not cache.add(f"practices:matching:{version}", True, timeout=REQUEST_LEASE_SECONDS):
        return False
    practice_matches_request()
    return True


def practice_matches_compute(*, practice_ids: Iterable[int] | None = None) -> int:
    """Store, for each practice not matched at the current data version, the inputs asking for it.

    Published inputs of every year are indexed with the archive's TF-IDF features
    (`analysis.similarity`); each practice's title, text and measures are the query. Returns
    how many practices were matched.
    """
    from innspill.analysis.similarity import SimilarityIndex

    version = DataVersion.current()
    practices = Practice.objects.exclude(matched_version=version)
    if practice_ids is not None:
        practices = practices.filter(pk__in=list(practice_ids))
    todo = list(practices)
    if not todo:
        return 0
    rows = list(
        Input.objects.filter(status=Status.PUBLISHED).order_by("pk").values_list("pk", "text")
    )
    index = SimilarityIndex.build([text for _, text in rows]) if rows else None
    found = (
        index.query([_text_for_matching(p) for p in todo], top_k=MATCHES_KEPT)
        if index is not None
        else [[] for _ in todo]
    )
    with transaction.atomic():
        PracticeMatch.objects.filter(practice__in=todo).delete()
        PracticeMatch.objects.bulk_create(
            PracticeMatch(practice=practice, input_id=rows[i][0], score=round(score, 4))
            for practice, matches in zip(todo, found, strict=True)
            for i, score in matches
            if score >= MIN_MATCH_SCORE
        )
        Practice.objects.filter(pk__in=[p.pk for p in todo]).update(matched_version=version)
    log.info("practices: matched %s practices against %s inputs", len(todo), len(rows))
    return len(todo)
