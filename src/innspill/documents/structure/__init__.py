"""Recognise the structure of a published report and build a ParsedReport.

One entry point (`parse_document`, `parse_raw`, `parse_text`) reads the parts every family
shares (table of contents; in `front`: kind, title, year, the conference facts, each with a
confidence) and decides the family, unless the caller names it (`kind=`, and `year=`); a
module per family then reads its body (a document of kind «other» gets none):

* `conference` — conference reports: talks, parallel sessions and their inputs, summaries,
  evaluation (and `conference_topics`, for the reports that sum up by topic in prose);
* `input_report` — input reports: who was contacted and answered, question chapters, the
  recurring inputs, good examples;
* `booklet` — theme booklets of local practices: municipality facts and «Gode grep».

Everything keys on the vocabulary and layout habits of the family (session headings,
«Innspill fra deltakerne», «Gode grep», fact boxes with «innbyggere»), never on a given file:
an OCR slip in a known heading is allowed by edit distance (`common.heading_opens`), not by a
rule written for one document's misreading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from innspill.documents.layout import Block, layout_blocks
from innspill.documents.model import KINDS, Facts, ParsedReport
from innspill.documents.readers import DEFAULT_LIMITS, Limits, RawDocument, read_document
from innspill.documents.structure import (
    booklet,
    conference,
    conference_topics,
    front,
    input_report,
)
from innspill.documents.structure.booklet import _INHABITANTS_RE
from innspill.documents.structure.common import (
    _NUMBER,
    _similar,
    _to_int,
    _words,
    heading_opens,
    is_heading,
    mend_session_word,
    split_glued_titles,
)
from innspill.documents.structure.conference import (
    _INPUTS_RE,
    _SESSION_RE,
    _is_tips_heading,
    parse_person,
)
from innspill.documents.structure.conference_topics import reported_inputs, split_sentences
from innspill.documents.structure.front import BOOKLET, CONFERENCE, INPUT_REPORT, OTHER

__all__ = [
    "BOOKLET",
    "CONFERENCE",
    "INPUT_REPORT",
    "OTHER",
    "build_report",
    "is_heading",
    "parse_document",
    "parse_person",
    "parse_raw",
    "parse_text",
    "repair_pages",
    "reported_inputs",
    "split_glued_titles",
    "split_sentences",
]

_TOC_HEADS = ("innhold", "innholdsfortegnelse", "contents", "table of contents")
_TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$|\s\d{1,3}$|^(?:s\.|side)\s*\d{1,3}\s")


def parse_document(
    path: str | Path,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    kind: str | None = None,
    year: int | None = None,
) -> ParsedReport:
    """Read a report file (PDF, scanned PDF, DOCX, text, Markdown) and recognise its structure.

    `kind` (one of `KINDS`) and `year` override what the reader would detect.
    """
    raw = read_document(path, on_progress=on_progress, limits=limits)
    return parse_raw(raw, kind=kind, year=year)


def parse_raw(
    raw: RawDocument, *, kind: str | None = None, year: int | None = None
) -> ParsedReport:
    """Recognise the structure of an already read document."""
    pages = repair_pages(raw.pages)
    blocks = layout_blocks(pages, paged=raw.paged)
    return build_report(blocks, source_name=raw.source_name, kind=kind, year=year)


def parse_text(
    text: str, *, source_name: str = "", kind: str | None = None, year: int | None = None
) -> ParsedReport:
    """Recognise the structure of report text; form feeds separate pages."""
    pages = repair_pages(text.replace("\r\n", "\n").split("\f"))
    blocks = layout_blocks(pages, paged="\f" in text)
    return build_report(blocks, source_name=source_name, kind=kind, year=year)


def repair_pages(pages: list[str]) -> list[str]:
    """Repair text OCR'd with the wrong language, when the repair module says it needs it."""
    from innspill.documents import ocr_repair  # lazily: its lexicon takes a moment to load

    whole = "\n".join(pages)
    letters = sum(ch.isalpha() for ch in whole)
    nordic = sum(whole.count(ch) for ch in "æøåÆØÅ")
    # bokmål has æ/ø/å in about 2 % of letters; text read with the wrong language has
    # almost none, so healthy text skips the (slow to load) repair lexicon
    if letters and nordic >= 0.005 * letters:
        return pages
    if not ocr_repair.needs_repair(whole):
        return pages
    # The whole document decided; a short page must not decide again on too little evidence.
    return [ocr_repair.repair_text(page, wrong_language=True) for page in pages]


def build_report(
    blocks: list[Block],
    *,
    source_name: str = "",
    kind: str | None = None,
    year: int | None = None,
) -> ParsedReport:
    """Turn clean blocks into a ParsedReport of the right family (or of `kind`, when given)."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")
    for block in blocks:
        if not block.is_bullet:
            block.text = mend_session_word(block.text)
    toc_start, toc_end, toc_titles = _table_of_contents(blocks)
    body = split_glued_titles(blocks[toc_end:], toc_titles)
    cover = front.cover_blocks(blocks, toc_start)
    title, title_confidence = front.title_from(cover, body)
    if kind is None:
        detected, kind_confidence = front.kind_detect(blocks, title, _features(blocks))
    else:
        detected, kind_confidence = kind, 1.0
    report = ParsedReport(
        kind=detected, title=title, source_name=source_name, kind_confidence=kind_confidence
    )
    if detected == CONFERENCE:
        glued = conference.parse(body, report)
        listed = sum(1 for session in report.sessions if session.inputs)
        # a report that lists most sessions' inputs does not sum them up in prose
        if 2 * listed < len(report.sessions) + 1 and conference_topics.is_topic_summary(
            body, toc_titles
        ):
            conference_topics.parse(body, toc_titles, report)
        conference.rate_sessions(report, glued)
    elif detected == INPUT_REPORT:
        input_report.parse(body, report)
    elif detected == BOOKLET:
        booklet.parse(body, toc_titles, report)
    # venue and date are a conference's; a booklet's places are its practices'
    found = front.read_facts(body, cover) if detected in (CONFERENCE, INPUT_REPORT) else {}
    date_year = found["date"].year if "date" in found else None
    report.year_candidates = front.year_candidates(
        title=title, cover=cover, source_name=source_name, date_year=date_year
    )
    report.year, report.year_confidence = front.year_decide(report.year_candidates)
    if year is not None:
        report.year, report.year_confidence = year, 1.0
    report.facts = _facts(body, report, found)
    report.confidence = {
        "title": title_confidence,
        **{
            key: found[key].confidence if key in found else 0.0
            for key in ("venue", "date", "participants")
        },
    }
    return report


_LEADER_HINT_RE = re.compile(r"^(?:ledet av|ledes av|sesjonsleder|møteleder|ordstyrer)\b", re.I)
_CHAPTER_RE = re.compile(r"^\d{1,2}[.)]?\s+innspill\b", re.I)


def _features(blocks: list[Block]) -> dict[str, int]:
    """What each family's module would recognise, counted for the kind decision."""
    counts: Counter[str] = Counter()
    for index, block in enumerate(blocks):
        text = block.text
        if block.is_bullet:
            continue
        counts["sessions"] += bool(_SESSION_RE.match(text))
        counts["leaders"] += bool(_LEADER_HINT_RE.match(text))
        counts["input_headings"] += bool(_INPUTS_RE.match(text))
        counts["tips_headings"] += _is_tips_heading(text, is_heading(block))
        counts["fact_boxes"] += bool(_INHABITANTS_RE.match(text))
        nxt = blocks[index + 1] if index + 1 < len(blocks) else None
        counts["measures"] += booklet.is_measures_head(text, nxt)
        counts["chapters"] += bool(_CHAPTER_RE.match(text))
    return dict(counts)


def _table_of_contents(blocks: list[Block]) -> tuple[int | None, int, list[str]]:
    """Where the table of contents starts, the first block after it, and its entry titles."""
    start = next(
        (
            i
            for i, b in enumerate(blocks[:60])
            if is_heading(b) and heading_opens(b.text, _TOC_HEADS, whole=True)
        ),
        None,
    )
    if start is None:
        return None, 0, []
    titles: list[str] = []
    index = start + 1
    while index < len(blocks):
        text = blocks[index].text
        if _TOC_ENTRY_RE.search(text):
            entry = re.sub(r"(?:\.{3,}|…)?\s*\d{1,3}$", "", text)
            entry = re.sub(r"^(?:s\.|side)\s*\d{1,3}\s+", "", entry).strip(" .-")
            titles.append(entry)
        elif not (is_heading(blocks[index]) and len(_words(text)) <= 6) or any(
            _similar(text, title) >= 0.9 for title in titles
        ):
            break  # ordinary text, or the first article whose title the contents listed
        index += 1
    return start, index, titles


def _facts(body: list[Block], report: ParsedReport, found: dict[str, front.Reading]) -> Facts:
    facts = Facts()
    if "venue" in found:
        facts.venue = str(found["venue"].value)
    if "date" in found:
        date = found["date"]
        stated = date.year is not None or not report.year
        facts.date = str(date.value) if stated else f"{date.value} {report.year}"
    if "participants" in found:
        facts.participants = int(found["participants"].value)
    for block in body:
        if block.is_bullet:
            continue
        text = block.text
        lower = text.lower()
        if facts.focus is None:
            focus = (
                re.search(r"(?:fokuserte|fokuserer|hadde fokus)\s+på\s+([^.]+)", text)
                or re.search(r"hovedtema\w*\s+(?:[\w&]+\s+){0,3}(?:blir|er|var)\s+«([^»]+)»", text)
                or re.search(
                    r"(?:årets|konferansens)\s+tema\s+(?:er|var|blir)\s+«?([^».]+)", text, re.I
                )
            )
            if focus:
                facts.focus = focus.group(1).strip()
        if facts.social_gathering is None and re.search(
            r"(sosialt samvær|sosial samling|sosialt arrangement|mingling)", lower
        ):
            facts.social_gathering = True
    if report.kind != CONFERENCE:
        return facts
    if report.sessions:
        facts.parallel_sessions = len(report.sessions)
    else:
        for block in body:
            found_count = re.search(
                rf"\b{_NUMBER}\s+(?:parallelle\s+)?sesjoner", block.text.lower()
            )
            if found_count:
                facts.parallel_sessions = _to_int(found_count.group(1))
                break
    return facts
