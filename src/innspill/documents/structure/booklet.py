"""Theme booklets: an article per local practice, with the municipality's facts and its
«Gode grep» (measures)."""

from __future__ import annotations

import re

from innspill.documents.layout import Block
from innspill.documents.model import (
    MunicipalityFacts,
    ParsedReport,
    Practice,
)
from innspill.documents.structure.common import (
    _UPPER,
    _article_starts,
    _clean_heading,
    _to_int,
    _words,
    heading_opens,
    is_heading,
)

_INHABITANTS_RE = re.compile(r"^(\d[\d  ]*)\s+innbyggere\b(.*)$", re.I)
_IMMIGRANTS_RE = re.compile(
    r"^(\d[\d  ]*)\s*\(\s*(\d+(?:[.,]\d+)?)\s*(?:%|prosent)\s*\)\s*innvandrere", re.I
)
_NATIONALITIES_RE = re.compile(r"^(\d+)\s+nasjonaliteter", re.I)


def is_measures_head(text: str, following: Block | None = None) -> bool:
    """«GODE GREP I HARAM» over a practice's measures (OCR may read «CODE GREP»).

    The label is set in capitals or names its place in a few words; a chapter heading
    «Gode grep for å styrke sysselsettingen» opens prose, not a list of measures.
    """
    if heading_opens(text, ("gode grep",)) is None:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return (
        all(ch.isupper() for ch in letters)
        or (following is not None and following.is_bullet)
        or (len(_words(text)) <= 5 and not text.endswith("."))
    )


def parse(body: list[Block], toc_titles: list[str], report: ParsedReport) -> None:
    """Fill `report` with a theme booklet's practices, one per article."""
    starts = _article_starts(body, toc_titles)
    if starts:
        spans = [(s, e) for s, e in zip(starts, [*starts[1:], len(body)], strict=True)]
    else:
        spans = _spans_by_fact_boxes(body)
    for start, end in spans:
        span = body[start:end]
        has_facts = any(_INHABITANTS_RE.match(b.text) for b in span)
        has_measures = any(is_measures_head(b.text) for b in span)
        if not (has_facts or has_measures):
            continue
        report.practices.append(_practice(span))
    for practice in report.practices:
        if practice.municipality is None:
            report.warnings.append(f"Fant ingen kommune for «{practice.title}»")
    if not report.practices:
        report.warnings.append("Fant ingen lokale eksempler med kommunefakta eller gode grep")


def _spans_by_fact_boxes(body: list[Block]) -> list[tuple[int, int]]:
    """Without a table of contents, a practice runs from a heading to the end of its measures."""
    spans: list[tuple[int, int]] = []
    start = 0
    index = 0
    while index < len(body):
        if is_measures_head(body[index].text):
            end = index + 1
            while end < len(body) and not is_measures_head(body[end].text):
                nxt = body[end]
                if (
                    is_heading(nxt)
                    and end + 1 < len(body)
                    and not body[end + 1].is_bullet
                    and (_INHABITANTS_RE.match(body[end + 1].text) is None)
                    and _next_practice_ahead(body, end)
                ):
                    break
                end += 1
            spans.append((start, end))
            start = index = end
            continue
        index += 1
    return spans


def _next_practice_ahead(body: list[Block], index: int) -> bool:
    """True when a heading opens a new article: a fact box or measures follow before long."""
    for block in body[index + 1 : index + 40]:
        if _INHABITANTS_RE.match(block.text):
            return True
        if is_measures_head(block.text):
            return False
    return False


def _practice(span: list[Block]) -> Practice:
    # the title is the heading right above the first paragraph (the span may open with the
    # document title or a section name)
    first_text = next((i for i, b in enumerate(span) if not is_heading(b)), 0)
    title_index = first_text - 1 if first_text > 0 else 0
    title = _clean_heading(span[title_index].text)
    facts = MunicipalityFacts()
    municipality: str | None = None
    measures: list[str] = []
    text_parts: list[str] = []
    in_measures = False
    measures_place: str | None = None
    first_fact: int | None = None
    for index, block in enumerate(span):
        text = block.text
        inhabitants = _INHABITANTS_RE.match(text)
        immigrants = _IMMIGRANTS_RE.match(text)
        nationalities = _NATIONALITIES_RE.match(text)
        if inhabitants:
            facts.inhabitants = _to_int(inhabitants.group(1))  # the last (newest) one wins
            facts.inhabitants_date = inhabitants.group(2).strip(" .,:;()") or None
            first_fact = index if first_fact is None else first_fact
            continue
        if immigrants:
            facts.immigrants = _to_int(immigrants.group(1))
            facts.immigrant_share = float(immigrants.group(2).replace(",", "."))
            continue
        if nationalities:
            facts.nationalities = int(nationalities.group(1))
            continue
        measure_head = is_measures_head(text)
        if measure_head:
            in_measures = True
            place = re.search(r"\b(?:på|i)\s+(.+)$", text, re.I)
            if place and measures_place is None and len(_words(place.group(1))) <= 3:
                measures_place = _place_name(place.group(1))
            continue
        if in_measures:
            if (
                is_heading(block)
                and index + 1 < len(span)
                and not is_measures_head(span[index + 1].text)
                and not text.endswith(".")
                and len(_words(text)) <= 10
                and not span[index + 1].is_bullet
                and not is_heading(span[index + 1])
            ):
                span[index + 1] = Block(
                    span[index + 1].kind,
                    f"{text}: {span[index + 1].text}",
                    block.page,
                    block.line,
                )
                continue
            measures.append(text)
        elif index > title_index and not is_heading(block):
            text_parts.append(text)
    if first_fact is not None and municipality is None:
        for back in (1, 2):
            if first_fact - back > 0:
                candidate = span[first_fact - back].text
                letters = [ch for ch in candidate if ch.isalpha()]
                if letters and all(ch.isupper() for ch in letters) and len(_words(candidate)) <= 5:
                    municipality = _place_name(candidate)
                    break
    municipality = municipality or measures_place
    if municipality is None:
        found = re.search(rf"\b([{_UPPER}][\w-]+)\s+kommune\b", " ".join(text_parts))
        municipality = found.group(1) if found else None
    return Practice(
        title=title,
        municipality=municipality,
        facts=facts,
        measures=measures,
        text="\n\n".join(text_parts),
        page=span[title_index].page,
        line=span[title_index].line,
    )


def _place_name(text: str) -> str:
    text = re.sub(r"\s+KOMMUNE$", "", text.strip(), flags=re.I)
    words = []
    for word in text.split():
        lower = word.lower()
        if lower in {"i", "og", "på"}:
            words.append(lower)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)
