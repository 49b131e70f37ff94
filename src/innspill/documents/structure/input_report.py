"""Input reports: who was contacted and who answered, a chapter per question with its
inputs, the inputs that recur, and good examples."""

from __future__ import annotations

import re

from innspill.documents.layout import Block
from innspill.documents.model import (
    Input,
    ParsedReport,
    Practice,
    Selection,
    Session,
)
from innspill.documents.structure.common import (
    _NUMBER,
    _NUMBERED_RE,
    _UPPER,
    _sentence_case,
    _sentences,
    _to_int,
    _words,
    is_heading,
    word_like,
)

# organisation types and the dictionary stems that name them; OCR slips are allowed by
# `word_like`, not written into the stems
_ORG_TYPES: list[tuple[str, tuple[tuple[str, ...], ...]]] = [
    ("innvandrerråd", (("innvandrerråd",),)),
    ("innvandrerorganisasjon", (("innvandrerorganisasjon",),)),
    ("frivillig organisasjon", (("frivillig", "organisasjon"), ("organisasjon",))),
    ("fylkeskommune", (("fylkeskommun",),)),
    ("kommune", (("kommun",),)),
    ("næringsliv", (("næringsliv",), ("bedrift",), ("virksomhet",), ("næringslivsaktør",))),
]
_FOOTNOTE_RE = re.compile(r"^\S{1,2}\s+(?:https?://|www\.|\()")


def parse(body: list[Block], report: ParsedReport) -> None:
    """Fill `report` with an input report's selection, question chapters, recurring inputs and examples."""
    section: Session | None = None
    in_examples = False
    examples_started = False
    # per question chapter: its paragraphs and its bullet items, decided on at the end
    chapters: list[tuple[Session, list[Input], list[Input]]] = []
    for index, block in enumerate(body):
        text = block.text
        if _FOOTNOTE_RE.match(text):
            in_examples = False
            section = None
            continue
        recurring = re.search(r"(går\s+igjen|gjentas|hyppigst|gjentatt)", text, re.I)
        if recurring and not block.is_bullet and text.endswith(":"):
            report.recurring = _following_bullets(body, index)
            continue
        if re.search(r"kontaktet", text, re.I) and re.search(r"(besvarte|svarte)", text, re.I):
            report.selection = _selection(text)
        numbered = _NUMBERED_RE.match(text)
        if numbered and is_heading(block):
            rest = numbered.group(2)
            examples_started = False
            section = None
            # an «Innspill – …» chapter is a question, whatever words the question uses
            # («praksisplass», «eksempler»); only other chapters can hold the examples
            is_question = re.match(r"^innspill\b", rest, re.I) is not None
            in_examples = not is_question and bool(
                re.search(r"(eksempl|gode grep|praksis)", rest, re.I)
            )
            if is_question:
                topic = re.sub(r"^innspill\s*[—–-]+\s*", "", rest, flags=re.I)
                section = Session(int(numbered.group(1)), _sentence_case(topic.strip()))
                section.questions.append(section.title)
                report.sessions.append(section)
                chapters.append((section, [], []))
            continue
        if in_examples:
            if is_heading(block) and not block.is_bullet:
                examples_started = True
                continue
            if examples_started and len(_words(text)) >= 6:
                report.practices.append(_example(block))
            continue
        if section is None:
            continue
        _, paragraphs, bullets = chapters[-1]
        item = Input(text, section.title, block.page, block.line)
        if block.is_bullet:
            bullets.append(item)  # a listed item is an input however short
        elif len(_words(text)) >= 6:
            paragraphs.append(item)
    for session, paragraphs, bullets in chapters:
        # a chapter that lists its inputs as bullets introduces them with its own summary;
        # one without bullets (the published reports) gives its inputs as paragraphs
        session.inputs = bullets or paragraphs
    if not report.selection:
        report.warnings.append("Fant ikke hvem som ble kontaktet og hvem som svarte")
    if not report.recurring:
        report.warnings.append("Fant ikke de mest gjentatte innspillene")


def _following_bullets(body: list[Block], index: int) -> list[str]:
    items: list[str] = []
    for block in body[index + 1 :]:
        if not block.is_bullet:
            break
        items.append(block.text)
    return items


def _selection(text: str) -> list[Selection]:
    """Contacted and answered counts per organisation type from the selection paragraph."""
    text = re.sub(r"\([^()]*\)", " ", text)
    text = re.sub(r",?\s*(?:herunder|hvorav|inkludert)\b[^,;)]*\)?", " ", text, flags=re.I)
    parts = re.split(r"(besvarte|svarte)", text, maxsplit=1, flags=re.I)
    contacted_part = parts[0]
    answered_part = parts[2] if len(parts) == 3 else ""
    contacted = _counts(contacted_part)
    answered = _counts(answered_part)
    return [
        Selection(kind, contacted.get(kind), answered.get(kind))
        for kind in dict.fromkeys([*contacted, *answered])
    ]


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in re.finditer(rf"(?<![\w.]){_NUMBER}\s+((?:[\w&]+\s+){{0,1}}[\w&]+)", text, re.I):
        number = _to_int(match.group(1))
        if number is None:
            continue
        kind = _org_type(match.group(2).split())
        if kind is not None:
            counts.setdefault(kind, number)  # a type listed twice keeps its first count
    return counts


def _org_type(words: list[str]) -> str | None:
    """The organisation type the words after a count name («frivillige organisasjoner»)."""
    for kind, spellings in _ORG_TYPES:
        for stems in spellings:
            if len(words) >= len(stems) and all(
                word_like(word, stem) for word, stem in zip(words, stems, strict=False)
            ):
                return kind
            if len(stems) == 1 and any(word_like(word, stems[0]) for word in words[1:]):
                return kind  # «fire lokale innvandrerråd»
    return None


def _example(block: Block) -> Practice:
    text = block.text
    head, sep, _ = text.partition(":")
    if sep and len(_words(head)) <= 8:
        title = head.strip()
    else:
        title = _sentences(text)[0][:100].rstrip(".")
    municipality = re.search(rf"\b([{_UPPER}][\w-]+)\s+kommune\b", text)
    place = municipality.group(1) if municipality else None
    return Practice(title=title, municipality=place, text=text, page=block.page, line=block.line)
