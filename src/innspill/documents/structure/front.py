"""What a report says about itself: its kind, title, year, and the conference's venue and date.

Each reading comes with a confidence in 0..1 (see `model.UNSURE`): 1 for one unambiguous
statement, less when the reader guessed from weaker evidence or sources disagreed, 0 when
nothing was found. The year is taken only from where a report states its own year (cover,
title, file name, conference date), never from a year the text mentions in passing
(«siden 2014»).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from innspill.documents.layout import MONTHS, Block
from innspill.documents.model import YearCandidate
from innspill.documents.structure.common import (
    _UPPER,
    _words,
    heading_opens,
)
from innspill.documents.structure.conference import _SESSION_RE

CONFERENCE = "conference_report"
INPUT_REPORT = "input_report"
BOOKLET = "practices"
OTHER = "other"

_MONTHS_RE = "|".join(MONTHS)
_YEAR_RE = re.compile(r"(?<![\d/.,-])((?:19[89]|20\d)\d)(?![\d/-]|[.,]\d)")
# headings that open a report's text; a cover never says only this
SECTION_HEADINGS = (
    "innledning", "forord", "sammendrag", "oppsummering", "innhold", "innholdsfortegnelse",
    "bakgrunn", "program", "programmet", "om konferansen", "om rapporten", "hovedfunn",
    "konklusjon", "vedlegg", "introduksjon", "forside",
)  # fmt: skip
# words of a cover that name the kind of document, not its title
_LABELS = ("rapport", "sluttrapport", "konferanserapport", "innspillsrapport", "temahefte")
_KIND_NAMES = {
    INPUT_REPORT: re.compile(r"innspill\w*rapport|innspill\s+til\s+(?:den\s+)?\w*konferans", re.I),
    BOOKLET: re.compile(r"temahefte|eksempelsamling|gode\s+grep\s+fra|veileder", re.I),
    CONFERENCE: re.compile(r"konferanserapport|rapport\s+fra\s+\w*\s*\w*konferans", re.I),
}
_CONFERENCE_NAME_RE = re.compile(
    rf"\b((?:[Dd]en\s+)?(?:nasjonale\s+)?[{_UPPER}a-zæøå]\w*konferansen(?:\s+(?:19|20)\d\d)?)"
)

# weights of the places a year is read from: a title or a stated conference date names the
# report's year; a file name may have been given by anyone
YEAR_WEIGHTS = {"title": 3.0, "date": 3.0, "cover": 2.0, "file_name": 1.0}


def cover_blocks(blocks: list[Block], toc_start: int | None) -> list[Block]:
    """The blocks of the cover: before the contents, else the short ones before the text starts."""
    end = toc_start if toc_start is not None else min(len(blocks), 8)
    cover: list[Block] = []
    first_page = blocks[0].page if blocks else None
    for block in blocks[:end]:
        if block.page != first_page and toc_start is None:
            break
        words = len(_words(block.text))
        if block.is_bullet or words > 14 or (words > 4 and block.text.endswith((".", "!", "?"))):
            break  # the text has started: a cover has titles, not sentences
        if heading_opens(block.text, SECTION_HEADINGS, whole=True) or _SESSION_RE.match(block.text):
            break
        cover.append(block)
    return cover


def title_from(cover: list[Block], blocks: list[Block]) -> tuple[str, float]:
    """The report's title from its cover; else the conference the text names; else nothing."""
    parts: list[str] = []
    for block in cover:
        text = block.text.strip()
        if heading_opens(text, _LABELS, whole=True):
            if parts:
                break  # «RAPPORT» under the title
            continue
        if parts and heading_opens(text, _LABELS) and re.search(r"\s[-–]\s", text):
            break  # «TEMAHEFTE - Revidert utgave, 2019»: the kind and edition, a subtitle
        if len(parts) >= 4 or len(_words(text)) > 12:
            break
        parts.append(text)
        if _YEAR_RE.search(text):
            break  # the year closes a title; what follows is publisher or subtitle
    if parts:
        title = _typeset(" ".join(parts))
        said = " ".join(block.text for block in cover)
        named = bool(re.search(r"konferans|rapport|hefte|innspill|\b(?:19|20)\d\d\b", said, re.I))
        return title, 0.95 if named else 0.75
    # no cover (a cut-out part, an image cover): the conference the opening text names
    for block in blocks[:30]:
        found = _CONFERENCE_NAME_RE.search(block.text)
        if found and not block.is_bullet:
            return _typeset(found.group(1)), 0.5
    return "", 0.0


def _typeset(text: str) -> str:
    text = re.sub(r"(\w)- (\w)", lambda m: m.group(1) + m.group(2), text)
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        text = text.lower()
    else:
        # «INTEGRERINGSkonferansen», «RAPPORT»: typography, not acronyms
        text = " ".join(
            t.lower()
            if re.match(r"^[A-ZÆØÅ]{2,}[a-zæøå]", t) or (len(t) > 4 and t.isupper())
            else t
            for t in text.split()
        )
    text = text.strip(" .,:;-–")
    return text[:1].upper() + text[1:]


def year_candidates(
    *, title: str, cover: list[Block], source_name: str, date_year: int | None
) -> list[YearCandidate]:
    """Every year the report states as its own, with where it was read."""
    found: list[YearCandidate] = []
    for match in _YEAR_RE.finditer(title):
        found.append(YearCandidate(int(match.group(1)), "title", title))
    for block in cover:
        if _typeset(block.text) and _typeset(block.text) in title:
            continue  # read as part of the title
        for match in _YEAR_RE.finditer(block.text):
            found.append(YearCandidate(int(match.group(1)), "cover", block.text[:120]))
    stem = PurePath(source_name).stem if source_name else ""
    for match in re.finditer(r"(?<!\d)((?:19[89]|20\d)\d)(?!\d)", stem):
        found.append(YearCandidate(int(match.group(1)), "file_name", PurePath(source_name).name))
    if date_year is not None:
        found.append(YearCandidate(date_year, "date", str(date_year)))
    return found


def year_decide(candidates: list[YearCandidate]) -> tuple[int | None, float]:
    """The year the candidates' sources agree on most, and how sure that is."""
    if not candidates:
        return None, 0.0
    weight: dict[int, float] = defaultdict(float)
    sources: dict[int, set[str]] = defaultdict(set)
    for candidate in candidates:
        if candidate.source not in sources[candidate.year]:
            weight[candidate.year] += YEAR_WEIGHTS.get(candidate.source, 1.0)
        sources[candidate.year].add(candidate.source)
    year = max(weight, key=lambda y: (weight[y], y))
    if len(weight) > 1:
        # sources disagree: the preview must ask, however the weights lean
        return year, round(min(0.6, weight[year] / sum(weight.values())), 2)
    strong = sources[year] - {"file_name"}
    if not strong:
        return year, 0.5  # only a file name says so
    return year, 1.0 if len(sources[year]) >= 2 else 0.85


def kind_detect(blocks: list[Block], title: str, features: dict[str, int]) -> tuple[str, float]:
    """The document's kind from the words its cover uses and the layout of its body.

    `features` counts what the family modules recognise: session headings, leader lines,
    «Innspill fra deltakerne» headings, fact boxes, measures, question chapters.
    """
    head = " ".join([title, *(b.text for b in blocks[:8])])
    text = " ".join(b.text for b in blocks).lower()
    contacted = "kontaktet" in text and ("besvarte" in text or "svarte" in text)
    scores = {
        CONFERENCE: (
            2 * min(features.get("sessions", 0), 8)
            + min(features.get("leaders", 0), 4)
            + 2 * min(features.get("input_headings", 0), 2)
            + 3 * ("parallelle sesjoner" in text or "parallellsesjon" in text)
            + min(5, text.count("sesjon") // 2)
            + 3 * bool(re.search(r"konferans", title, re.I))
            + ("evaluering" in text)
            + 2 * bool(re.search(r"\b\d{2,4}\s+deltak", text))
            + 2 * min(features.get("tips_headings", 0), 1)
            + min(2, len(re.findall(r"statsråd|minister|statssekretær", text)) // 2)
        ),
        BOOKLET: min(features.get("fact_boxes", 0), 10) + 2 * min(features.get("measures", 0), 5),
        INPUT_REPORT: (
            4 * contacted + ("innspillsmøte" in text) + 2 * min(features.get("chapters", 0), 3)
        ),
    }
    named = next((kind for kind, pattern in _KIND_NAMES.items() if pattern.search(head)), None)
    if named is not None:
        scores[named] += 8  # the cover names what it is
    ranked = sorted(scores, key=lambda k: scores[k], reverse=True)
    best, second = scores[ranked[0]], scores[ranked[1]]
    if best < 3:
        # nothing of the three families; sure when nothing at all pointed to one
        return OTHER, 0.8 if best == 0 else 0.5
    margin = (best - second) / best
    strength = min(1.0, best / 10)
    return ranked[0], round(0.4 + 0.6 * margin * strength, 2)


# -- facts ---------------------------------------------------------------------------------

_HELD_RE = re.compile(
    r"\b(?:arrangert|arrangerte|arrangeres|avholdt|avholdes|avholdte|holdt|holdes|gjennomført"
    r"|gjennomføres|fant\s+sted|finner\s+sted|møttes|var\s+samlet"
    # «samlet 200 deltakere», «samlet konferansen»; not «en samlet oversikt»
    r"|samlet(?=\s+(?:konferans|møte|forum|\d|ca\.?\s|om\s+lag|rundt|over|nesten)))\b",
    re.I,
)
_PLACE_WORD = rf"[{_UPPER}][\w.&'’-]*"
_VENUE_RE = re.compile(
    rf"\b(?:på|i)\s+((?:{_PLACE_WORD}\s+){{0,4}}{_PLACE_WORD}(?:,?\s+i\s+{_PLACE_WORD})?)"
)
_DATE_WORDS_RE = re.compile(
    rf"\b(\d{{1,2}})\.\s*(?:(?:og|[-–])\s*\d{{1,2}}\.\s*)?({_MONTHS_RE})(?:\s+((?:19|20)\d\d))?",
    re.I,
)
_DATE_DIGITS_RE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d|\d\d)\b")
_LABEL_RE = re.compile(r"^(tid\s+og\s+sted|sted|dato|tid|konferansested)\s*:\s*(\S.*)$", re.I)
_PARTICIPANTS_RE = re.compile(
    r"(?:ca\.?\s*|cirka\s+|om lag\s+|rundt\s+|over\s+|nesten\s+)?(\d{2,4})\s+"
    r"(?:deltakere|deltagere|representanter|påmeldte|personer|deltok)",
    re.I,
)
_NOT_VENUES = {"Den", "Det", "De", "Regjeringen", "Norge"}


def read_date(text: str) -> tuple[str, int | None] | None:
    """«12. november 2019», «12.11.2019» → («12. november 2019», 2019); the year may lack."""
    words = _DATE_WORDS_RE.search(text)
    digits = _DATE_DIGITS_RE.search(text)
    if digits and (words is None or digits.start() < words.start()):
        day, month, year = int(digits.group(1)), int(digits.group(2)), digits.group(3)
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        full = int(year) if len(year) == 4 else 2000 + int(year)
        return f"{day}. {MONTHS[month - 1]} {full}", full
    if words:
        year = words.group(3)
        day = int(words.group(1))
        text = f"{day}. {words.group(2).lower()}" + (f" {year}" if year else "")
        return text, int(year) if year else None
    return None


def read_venue(text: str) -> str | None:
    for found in _VENUE_RE.finditer(text):
        venue = found.group(1).strip(" ,.")
        first = venue.split()[0]
        if first in _NOT_VENUES or first.lower() in MONTHS:
            continue
        return venue
    return None


@dataclass
class Reading:
    """One fact as read, how sure the reading is, and for a date the year it states."""

    value: str | int
    confidence: float
    year: int | None = None


def read_facts(body: list[Block], cover: Sequence[Block] = ()) -> dict[str, Reading]:
    """Venue, date (with the year it states) and participants, each with a confidence."""
    found: dict[str, Reading] = {}

    def put(key: str, value: str | int | None, confidence: float, year: int | None = None) -> None:
        if value is not None and (key not in found or found[key].confidence < confidence):
            found[key] = Reading(value, confidence, year)

    for block in cover:
        date = read_date(block.text) if len(_words(block.text)) <= 6 else None
        if date:
            put("date", date[0], 0.8, date[1])  # a date alone on the cover
    for block in body[:400]:
        text = block.text
        label = _LABEL_RE.match(text) if not block.is_bullet else None
        if label:
            name, value = label.group(1).lower(), label.group(2).strip()
            if name in ("dato", "tid", "tid og sted"):
                date = read_date(value)
                if date:
                    put("date", date[0], 1.0, date[1])
            if name in ("sted", "konferansested"):
                put("venue", value.rstrip("."), 1.0)
            if name == "tid og sted":
                rest = _DATE_WORDS_RE.sub("", _DATE_DIGITS_RE.sub("", value)).strip(" ,.–-")
                rest = re.sub(r"^(?:kl\.?\s*[\d.:–-]+\s*,?\s*)", "", rest).strip(" ,")
                put("venue", rest or None, 0.9)
            continue
        if block.is_bullet:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])", text):
            held = _HELD_RE.search(sentence)
            participants = _PARTICIPANTS_RE.search(sentence)
            about = re.search(r"(konferans|møte|forum|samling|inviter)", sentence, re.I)
            if participants and (held or about):
                put("participants", int(participants.group(1)), 0.9 if held else 0.75)
            if not held:
                continue
            venue = read_venue(sentence[held.end() :])
            if venue:
                put("venue", venue, 0.9 if about else 0.6)
            date = read_date(sentence) if about else None  # «lanseres 3. desember» is no event
            if date:
                put("date", date[0], 0.9, date[1])
    return found
