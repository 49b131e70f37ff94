"""Recognise the structure of a published report and build a ParsedReport.

One entry point (`parse_document`, `parse_raw`, `parse_text`) reads the parts every family
shares (table of contents, title, year, the conference facts) and decides the family; a
module per family then reads its body:

* `conference` — conference reports: talks, parallel sessions and their inputs, summaries,
  evaluation (and `conference_topics`, for the reports that sum up by topic in prose);
* `input_report` — input reports: who was contacted and answered, question chapters, the
  recurring inputs, good examples;
* `booklet` — theme booklets of local practices: municipality facts and «Gode grep».

Everything keys on the vocabulary and layout habits of the family (session headings,
«Innspill fra deltakerne», «Gode grep», fact boxes with «innbyggere»), never on a given file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from innspill.documents.layout import Block, layout_blocks
from innspill.documents.model import Facts, ParsedReport
from innspill.documents.readers import DEFAULT_LIMITS, Limits, RawDocument, read_document
from innspill.documents.structure import booklet, conference, conference_topics, input_report
from innspill.documents.structure.booklet import _INHABITANTS_RE, _MEASURES_RE
from innspill.documents.structure.common import (
    _NUMBER,
    _UPPER,
    _similar,
    _to_int,
    _words,
    is_heading,
    split_glued_titles,
)
from innspill.documents.structure.conference import _SESSION_RE, parse_person
from innspill.documents.structure.conference_topics import reported_inputs, split_sentences

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

CONFERENCE = "conference_report"
INPUT_REPORT = "input_report"
BOOKLET = "practices"
OTHER = "other"

_TOC_HEAD_RE = re.compile(r"^(innh+o+ld\w*|innholdsfortegnelse|contents)\b", re.IGNORECASE)
_TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$|\s\d{1,3}$|^(?:s\.|side)\s*\d{1,3}\s")
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"


def parse_document(
    path: str | Path,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ParsedReport:
    """Read a report file (PDF, scanned PDF, DOCX, text, Markdown) and recognise its structure."""
    return parse_raw(read_document(path, on_progress=on_progress, limits=limits))


def parse_raw(raw: RawDocument) -> ParsedReport:
    """Recognise the structure of an already read document."""
    pages = repair_pages(raw.pages)
    blocks = layout_blocks(pages, paged=raw.paged)
    return build_report(blocks, source_name=raw.source_name)


def parse_text(text: str, *, source_name: str = "") -> ParsedReport:
    """Recognise the structure of report text; form feeds separate pages."""
    pages = repair_pages(text.replace("\r\n", "\n").split("\f"))
    blocks = layout_blocks(pages, paged="\f" in text)
    return build_report(blocks, source_name=source_name)


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


def build_report(blocks: list[Block], *, source_name: str = "") -> ParsedReport:
    """Turn clean blocks into a ParsedReport of the right family."""
    toc_end, toc_titles = _table_of_contents(blocks)
    head = blocks[:toc_end] if toc_end else blocks[:6]
    body = split_glued_titles(blocks[toc_end:], toc_titles)
    title = _title(head if toc_end else blocks[:6])
    kind = _kind(blocks, title)
    report = ParsedReport(kind=kind, title=title, source_name=source_name)
    report.year = _year(title, blocks)
    if kind == CONFERENCE:
        conference.parse(body, report)
        if conference_topics.is_topic_summary(body, toc_titles):
            conference_topics.parse(body, toc_titles, report)
    elif kind == INPUT_REPORT:
        input_report.parse(body, report)
    else:
        booklet.parse(body, toc_titles, report)
    report.facts = _facts(body, report)
    return report


def _table_of_contents(blocks: list[Block]) -> tuple[int, list[str]]:
    """Index of the first block after the table of contents, and its entry titles."""
    start = next(
        (i for i, b in enumerate(blocks[:60]) if _TOC_HEAD_RE.match(b.text) and is_heading(b)),
        None,
    )
    if start is None:
        return 0, []
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
    return index, titles


def _title(head: list[Block]) -> str:
    parts: list[str] = []
    for block in head:
        short = not block.is_bullet and len(_words(block.text)) <= 12
        if _TOC_HEAD_RE.match(block.text) or not short or len(parts) >= 4:
            break
        parts.append(block.text)
        if re.search(r"\b20\d\d\b", block.text):
            break  # the year closes a title; what follows is publisher or subtitle
    text = re.sub(r"(\w)- (\w)", lambda m: m.group(1) + m.group(2), " ".join(parts))
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        text = text.lower()
    else:
        # «INTEGRERINGSkonferansen», «RAPPORT»: typography, not acronyms
        tokens = [
            t.lower()
            if re.match(r"^[A-ZÆØÅ]{2,}[a-zæøå]", t) or (len(t) > 4 and t.isupper())
            else t
            for t in text.split()
        ]
        text = " ".join(tokens)
    return text[:1].upper() + text[1:]


def _year(title: str, blocks: list[Block]) -> int | None:
    found = re.search(r"\b(20\d\d)\b", title)
    if found:
        return int(found.group(1))
    counts = Counter(int(y) for b in blocks[:40] for y in re.findall(r"\b(20[0-4]\d)\b", b.text))
    return counts.most_common(1)[0][0] if counts else None


def _kind(blocks: list[Block], title: str) -> str:
    head = (title + " " + " ".join(b.text for b in blocks[:8])).lower()
    if "innspillsrapport" in head or "innspillrapport" in head:
        return INPUT_REPORT
    if "temahefte" in head:
        return BOOKLET
    facts = sum(1 for b in blocks if _INHABITANTS_RE.match(b.text))
    measures = sum(1 for b in blocks if _MEASURES_RE.match(b.text))
    sessions = sum(1 for b in blocks if not b.is_bullet and _SESSION_RE.match(b.text))
    text = " ".join(b.text for b in blocks).lower()
    contacted = "kontaktet" in text and ("besvarte" in text or "svarte" in text)
    scores = {
        CONFERENCE: sessions * 2 + ("parallelle sesjoner" in text) * 3 + ("evaluering" in text),
        BOOKLET: facts + measures * 2,
        INPUT_REPORT: contacted * 4 + ("innspillsmøte" in text),
    }
    return max(scores, key=lambda k: scores[k])


def _facts(body: list[Block], report: ParsedReport) -> Facts:
    facts = Facts()
    for block in body:
        if block.is_bullet:
            continue
        text = block.text
        lower = text.lower()
        if facts.participants is None and re.search(r"(konferans|inviter|samlet)", lower):
            found = re.search(
                r"(?:ca\.?\s*|cirka\s+|om lag\s+|rundt\s+)?(\d{2,4})\s+"
                r"(?:deltakere|representanter|påmeldte|personer)",
                text,
            )
            if found:
                facts.participants = int(found.group(1))
                venue = re.search(rf"\bpå\s+((?:[{_UPPER}][\w-]*\s+)+i\s+[{_UPPER}][\w-]+)", text)
                if venue:
                    facts.venue = venue.group(1).strip()
                date = re.search(rf"(\d{{1,2}})\.\s*({_MONTHS})(?:\s+(\d{{4}}))?", lower)
                if date:
                    year = date.group(3) or (str(report.year) if report.year else "")
                    facts.date = f"{date.group(1)}. {date.group(2)} {year}".strip()
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
    if report.sessions and report.kind == CONFERENCE:
        facts.parallel_sessions = len(report.sessions)
    else:
        for block in body:
            found = re.search(rf"\b{_NUMBER}\s+(?:parallelle\s+)?sesjoner", block.text.lower())
            if found and report.kind == CONFERENCE:
                facts.parallel_sessions = _to_int(found.group(1))
                break
    return facts
