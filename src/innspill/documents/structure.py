"""Recognise the structure of the report families and build a ParsedReport.

Everything here keys on the vocabulary and layout habits of the family (session headings,
«Innspill fra deltakerne», «Gode grep», fact boxes with «innbyggere»), never on a given file.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from innspill.documents.layout import Block, layout_blocks
from innspill.documents.model import (
    Evaluation,
    Facts,
    Input,
    MunicipalityFacts,
    ParsedReport,
    Practice,
    Selection,
    Session,
    Summary,
    Talk,
    TipGroup,
)
from innspill.documents.readers import DEFAULT_LIMITS, Limits, RawDocument, read_document

CONFERENCE = "conference_report"
INPUT_REPORT = "input_report"
BOOKLET = "theme_booklet"

_UPPER = "A-ZÆØÅÄÖÜÉ"
_NAME_TOKEN = rf"[{_UPPER}][\w'’]*(?:-[{_UPPER}]?[\w'’]+)*"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|van|von|de|al|el|bin)){{1,3}}"
_ROLE_WORD = re.compile(
    r"(minister|statsråd|statssekretær|ordfører|rådmann|direktør|leder|forsker|rådgiver"
    r"|lektor|konsulent|sjef|professor|konferansier|panel)",
    re.IGNORECASE,
)
_LEADER_ROLE = (
    r"(?i:(?:[\w,]+-,?\s+(?:og\s+)?)*\w*(?:minister|statsråd|statssekretær)\w*"
    r"(?:\s+i\s+[\w-]+(?:\s+og\s+[\w-]+)?departementet)?)"
)
_ROLE_NAME_RE = re.compile(rf"(?P<role>{_LEADER_ROLE})\s+(?P<name>{_NAME})")

_TOC_HEAD_RE = re.compile(r"^(innh+o+ld\w*|innholdsfortegnelse|contents)\b", re.IGNORECASE)
_TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$|\s\d{1,3}$|^(?:s\.|side)\s*\d{1,3}\s")
_SESSION_RE = re.compile(
    r"^(?:parallell\s*-?\s*sesjon|parallelle\s+sesjon|sesjon|workshop|gruppesesjon)\s*"
    r"(?:nr\.?\s*)?(\d{1,2})\b\s*[:.–-]?\s*(.*)$",
    re.IGNORECASE,
)
_SESSION_UNNUMBERED_RE = re.compile(r"^(?:parallell\s*-?\s*sesjon|sesjon)\s*[:–-]\s*(\S.*)$", re.I)
_LEAD_IN_RE = re.compile(r"(følgende|blant annet|innspill|forslag|kom fram|deltakerne)", re.I)
_TOC_LINE_RE = re.compile(r"(?:\.{3,}|…)\s*\d{1,3}$|[^\d\s.,%]\s+\d{1,3}$")
_NUMBERED_RE = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_INPUTS_RE = re.compile(
    r"^(?:innspill\s+(?:fra|frå)\s+deltaker\w*|deltakernes\s+innspill|innspill)\s*:?$",
    re.IGNORECASE,
)
_TIPS_RE = re.compile(
    r"^(oppfordringer|anbefalinger|råd og tips|tips og råd|viktige innspill|hovedinnspill"
    r"|sentrale innspill)",
    re.IGNORECASE,
)
_SUMMARY_RE = re.compile(r"^(oppsummering\w*\s+fra|avsluttende\s+(kommentarer|oppsummering))", re.I)
_SUMMARY_ITEM_RE = re.compile(
    r"^(?:tema|sesjon|parallellsesjon)\s*(\d{1,2})\s*[:.–-]?\s*(.+)$", re.I
)
_EVAL_RE = re.compile(r"^(evaluering|evalueringen|tilbakemeldinger fra deltakerne)\b", re.I)
_LEADER_LINE_RE = re.compile(
    r"^(?:ved|ledet av|ledes av|leder|møteleder|sesjonsleder)\s*:?\s+", re.I
)
_LOOSE_INPUTS_RE = re.compile(r"(innspill|forslag|spilt inn|etterlys|anbefal)", re.I)
_PCT = r"(\d{1,3})\s*(?:%|prosent)"
_NUMBER_WORDS = {
    "en": 1, "ett": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
    "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
    "tjue": 20,
}  # fmt: skip
_NUMBER = r"(\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_ORG_TYPES = [
    ("innvandrerråd", re.compile(r"innvandrer\w*r[aåd&]{1,2}d?\b|innvandrerr\w*", re.I)),
    ("innvandrerorganisasjon", re.compile(r"innvandrerorg\w*", re.I)),
    ("frivillig organisasjon", re.compile(r"frivillig\w*\s+org\w*|organisasjon\w*", re.I)),
    ("fylkeskommune", re.compile(r"fylkeskommun\w*", re.I)),
    ("kommune", re.compile(r"kommun\w*", re.I)),
    ("næringsliv", re.compile(r"n\w{0,3}rings\w*|bedrift\w*|virksomhet\w*", re.I)),
]
_INHABITANTS_RE = re.compile(r"^(\d[\d  ]*)\s+innbyggere\b(.*)$", re.I)
_IMMIGRANTS_RE = re.compile(
    r"^(\d[\d  ]*)\s*\(\s*(\d+(?:[.,]\d+)?)\s*(?:%|prosent)\s*\)\s*innvandrere", re.I
)
_NATIONALITIES_RE = re.compile(r"^(\d+)\s+nasjonaliteter", re.I)
_MEASURES_RE = re.compile(r"^[CG]ODE GREP\b")
_CREDIT_RE = re.compile(r"^(foto|kilde|illustrasjon\w*|bilde|kartgrunnlag)\s*:", re.I)
_FOOTNOTE_RE = re.compile(r"^\S{1,2}\s+(?:https?://|www\.|\()")


# --------------------------------------------------------------------------- entry points


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


# --------------------------------------------------------------------------- helpers


def _words(text: str) -> list[str]:
    return text.split()


def is_heading(block: Block) -> bool:
    """Short, unpunctuated paragraph that reads as a heading."""
    if block.is_bullet:
        return False
    text = block.text
    if block.heading and text:
        return True
    words = _words(text)
    if not words or len(words) > 16 or len(text) > 140:
        return False
    if text[-1] in ",;" or not (text[0].isupper() or text[0].isdigit() or text[0] in '«"'):
        return False
    if _CREDIT_RE.match(text):
        return False  # photo credits and sources are not headings
    return not (text.endswith(".") and len(words) > 5)


def _next_is_bullet(blocks: list[Block], index: int) -> bool:
    return index + 1 < len(blocks) and blocks[index + 1].is_bullet


def _clean_heading(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _sentence_case(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        text = text.lower()
        return text[:1].upper() + text[1:]
    return text


def _to_int(text: str) -> int | None:
    text = text.strip().lower()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    digits = re.sub(r"[\s  ]", "", text)
    return int(digits) if digits.isdigit() else None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[«\"A-ZÆØÅ0-9])", text) if s.strip()]


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio()


def parse_person(text: str) -> tuple[str | None, str | None]:
    """Split «statssekretær Vidar Brein-Karlsen, Justis- og beredskapsdepartementet»."""
    text = _LEADER_LINE_RE.sub("", text.strip()).strip().rstrip(".")
    main, _, rest = text.partition(",")
    rest = rest.strip()
    tokens = main.split()
    name_tokens: list[str] = []
    for token in reversed(tokens):
        if token[:1].isupper() and not _ROLE_WORD.search(token) and len(name_tokens) < 4:
            name_tokens.insert(0, token)
        else:
            break
    if len(name_tokens) >= 2 and len(name_tokens) < len(tokens):
        role = " ".join(tokens[: len(tokens) - len(name_tokens)])
        if rest:
            role = f"{role}, {rest}"
        return " ".join(name_tokens), role or None
    if re.fullmatch(_NAME, main.strip()) and rest:
        return main.strip(), rest  # «Erna Solberg, statsminister»
    if len(name_tokens) >= 2:
        return " ".join(name_tokens), rest or None
    return None, None


def _speaker_line(text: str) -> tuple[str, str | None] | None:
    """«Name, role» or «Panelsamtale: A, role; B, role» under a talk title."""
    if len(_words(text)) > 22 or len(text) > 220:
        return None
    panel = re.match(r"^(panel\w*|samtale)\s*:\s*(.+)$", text, re.I)
    if panel:
        names = [part.split(",")[0].strip() for part in panel.group(2).split(";")]
        return "; ".join(n for n in names if n), panel.group(1).lower()
    match = re.match(rf"^({_NAME}(?:\s*(?:,|og|&)\s*{_NAME})*)\s*[,:–-]\s*(.+)$", text)
    if not match:
        return None
    role = match.group(2).strip().rstrip(".")
    if not any(w[:1].islower() and w not in {"og", "i"} for w in role.split()):
        return None  # a photo caption listing names, not a speaker and role
    if re.search(r"[.!?]\s+[A-ZÆØÅ]", role):
        return None
    return match.group(1).strip(), role


def _role_name_heading(text: str) -> tuple[str, str, str] | None:
    """«Åpningstalen ved statsminister Erna Solberg» → (title, name, role)."""
    match = re.match(r"^(?:(?P<title>.+?)\s+ved\s+)?(?P<rest>.*)$", text)
    if not match:
        return None
    found = _ROLE_NAME_RE.fullmatch(match.group("rest").strip())
    if not found:
        return None
    return text, found.group("name"), found.group("role")


# --------------------------------------------------------------------------- the report


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
        _parse_conference(body, report)
        if _is_topic_summary(body, toc_titles):
            _parse_topic_sections(body, toc_titles, report)
    elif kind == INPUT_REPORT:
        _parse_input_report(body, report)
    else:
        _parse_booklet(body, toc_titles, report)
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


# --------------------------------------------------------------------------- conference report


def _parse_conference(body: list[Block], report: ParsedReport) -> None:
    section = "intro"
    tips_group: TipGroup | None = None
    talk: Talk | None = None
    session: Session | None = None
    in_inputs = False
    group: str | None = None
    summary: Summary | None = None
    topic: str | None = None
    loose: list[tuple[str | None, Block]] = []
    unplaced: list[Block] = []
    appendix_from: int | None = None  # lists in appendices (program, who came) are no inputs
    in_session_list = False
    pending_loose = False
    consumed: set[int] = set()  # speaker lines already read with their talk title

    def close_talk() -> None:
        nonlocal talk
        if talk is not None:
            talk.text = talk.text.strip()
            report.talks.append(talk)
        talk = None

    for index, block in enumerate(body):
        text = block.text
        heading = is_heading(block)
        if appendix_from is None and heading and _APPENDIX_HEAD_RE.match(text):
            appendix_from = index

        # section starts -------------------------------------------------------------
        toc_like = heading or _SESSION_RE.match(text) or _SUMMARY_ITEM_RE.match(text)
        if toc_like and not block.is_bullet and _TOC_LINE_RE.search(text) and len(_words(text)) > 2:
            continue  # a contents entry («… Ved statsråd Kari Nordmann 19») outside the contents
        if not block.is_bullet and _SESSION_RE.match(text) and len(text) < 260:
            close_talk()
            match = _SESSION_RE.match(text)
            assert match is not None
            session = _new_session(int(match.group(1)), match.group(2), report)
            section, in_inputs, group = "session", False, None
            continue
        unnumbered = _SESSION_UNNUMBERED_RE.match(text) if heading else None
        if unnumbered:
            close_talk()
            session = _new_session(len(report.sessions) + 1, unnumbered.group(1), report)
            section, in_inputs, group = "session", False, None
            continue
        if heading and _EVAL_RE.match(text):
            close_talk()
            section, session = "evaluation", None
            continue
        if heading and _SUMMARY_RE.match(text):
            close_talk()
            section, session, summary = "summaries", None, None
            continue
        if (
            heading
            and _TIPS_RE.match(text)
            or (not block.is_bullet and _TIPS_RE.match(text) and text.endswith(":"))
        ):
            close_talk()
            section = "tips"
            tips_group = None
            if _next_is_bullet(body, index):
                tips_group = TipGroup(_clean_heading(text))
                report.tips.append(tips_group)
            continue
        compact = re.sub(r"[\s-]", "", text.lower())
        if heading and compact.startswith("paralle") and compact.endswith("sjoner"):
            close_talk()
            section, session, in_session_list = "sessions", None, True
            continue

        # inside a section -----------------------------------------------------------
        if section == "tips":
            if block.is_bullet:
                if tips_group is None:
                    tips_group = TipGroup("")
                    report.tips.append(tips_group)
                tips_group.items.append(text)
                continue
            if heading and _next_is_bullet(body, index):
                tips_group = TipGroup(_clean_heading(text))
                report.tips.append(tips_group)
                continue
            section = "talks"  # the tips end where ordinary text starts

        if section == "sessions" and in_session_list:
            numbered = _NUMBERED_RE.match(text)
            if numbered and heading:
                session = _new_session(int(numbered.group(1)), numbered.group(2), report)
                section, in_inputs, group = "session", False, None
                continue

        if section == "session" and session is not None:
            numbered = _NUMBERED_RE.match(text)
            if in_session_list and numbered and heading:
                session = _new_session(int(numbered.group(1)), numbered.group(2), report)
                in_inputs, group = False, None
                continue
            if _LEADER_LINE_RE.match(text) and session.leader is None and not in_inputs:
                session.leader, session.leader_role = parse_person(text)
                continue
            if _INPUTS_RE.match(text):
                in_inputs, group = True, None
                continue
            if block.is_bullet:
                in_inputs = True
                session.inputs.append(Input(text, group, block.page, block.line))
                continue
            if heading and _next_is_bullet(body, index) and not text.endswith((":", "?")):
                group = _clean_heading(text)
                in_inputs = True
                continue
            if text.endswith((":", "?")) and _next_is_bullet(body, index):
                # a question or a short label groups the bullets; a lead-in sentence does not
                label = len(_words(text)) <= 12 and not _LEAD_IN_RE.search(text)
                group = _clean_heading(text) if text.endswith("?") or label else None
                in_inputs = True
                continue
            if in_inputs:
                if heading:
                    session = None
                    section = "other"
                    topic = text
                continue
            _session_intro(session, text)
            continue

        if section == "summaries":
            item = _SUMMARY_ITEM_RE.match(text)
            person = _role_name_heading(text) if heading else None
            if heading and (item or person):
                rest = item.group(2) if item else text
                name, role = parse_person(rest)
                if person and not name:
                    _, name, role = person
                summary = Summary(name, [], role, int(item.group(1)) if item else None)
                report.summaries.append(summary)
                continue
            if summary is not None and not heading:
                if not block.is_bullet and len(_words(text)) < 8 and text.endswith("."):
                    continue  # a photo caption between summaries
                summary.items.append(text)
            continue

        if section == "evaluation":
            if block.is_bullet:
                report.evaluation.suggestions.append(text)
            else:
                _evaluation_text(report.evaluation, text)
            continue

        if section in ("talks", "intro", "other"):
            starts = _talk_start(body, index) if section in ("talks", "intro") else None
            if starts is not None:
                close_talk()
                section = "talks"
                talk, speaker_line = starts
                if speaker_line:
                    consumed.add(index + 1)
                continue
            if index in consumed:
                continue
            if text.endswith(":") and _LOOSE_INPUTS_RE.search(text) and not block.is_bullet:
                pending_loose = True
                continue
            if heading and not block.is_bullet:
                topic = _clean_heading(text)
                pending_loose = False
                if talk is not None and section == "talks":
                    talk.text += "\n\n" + text
                continue
            if block.is_bullet:
                if pending_loose:
                    loose.append((topic, block))
                else:
                    unplaced.append(block)
                continue
            pending_loose = text.endswith(":") and bool(_LOOSE_INPUTS_RE.search(text))
            if talk is not None:
                talk.text += "\n\n" + text
            continue

        if block.is_bullet:
            unplaced.append(block)
    close_talk()

    _place_loose_inputs(loose, report)
    _finish_sessions(report)
    if appendix_from is not None:
        in_appendix = {id(block) for block in body[appendix_from:]}
        unplaced = [block for block in unplaced if id(block) not in in_appendix]
    if unplaced:
        sample = "; ".join(b.text[:50] for b in unplaced[:3])
        report.warnings.append(f"{len(unplaced)} kulepunkt ble ikke plassert: {sample}")


def _new_session(number: int, title: str, report: ParsedReport) -> Session:
    title = title.strip()
    leader_text = None
    split = re.split(r"\s+(?=(?:ved|ledet av|ledes av)\s)", title, maxsplit=1, flags=re.I)
    if len(split) == 2:
        title, leader_text = split
    session = Session(number=number, title=_clean_heading(title))
    if leader_text:
        session.leader, session.leader_role = parse_person(leader_text)
    report.sessions.append(session)
    return session


def _session_intro(session: Session, text: str) -> None:
    if not session.title:
        session.title = _clean_heading(text)
        return
    for sentence in _sentences(text):
        for question in re.findall(r"[^.!?«»]*\?", sentence):
            question = question.strip(' «»"')
            if len(_words(question)) >= 3 and _similar(question, session.title) < 0.8:
                session.questions.append(question)
    if session.leader is None:
        found = _ROLE_NAME_RE.search(text)
        if found:
            session.leader = found.group("name")
            session.leader_role = found.group("role").strip()


def _talk_start(body: list[Block], index: int) -> tuple[Talk, bool] | None:
    block = body[index]
    if not is_heading(block) or block.text.lower().startswith("se hele"):
        return None
    nxt = body[index + 1] if index + 1 < len(body) else None
    if nxt is not None and not nxt.is_bullet:
        speaker = _speaker_line(nxt.text)
        if speaker is not None:
            return Talk(_clean_heading(block.text), speaker[0], speaker[1]), True
    role_name = _role_name_heading(block.text)
    if role_name is not None:
        title, name, role = role_name
        return Talk(_clean_heading(title), name, role.strip()), False
    return None


def _place_loose_inputs(loose: list[tuple[str | None, Block]], report: ParsedReport) -> None:
    """Bullets of inputs under a topic heading go to the session whose title shares a stem."""
    unmatched = 0
    for topic, block in loose:
        session = _session_for_topic(topic, report.sessions) if topic else None
        if session is None:
            unmatched += 1
            continue
        session.inputs.append(Input(block.text, topic, block.page, block.line))
    if unmatched:
        report.warnings.append(f"{unmatched} innspill kunne ikke knyttes til en sesjon")


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"\w+", text.lower()) if len(w) >= 5}


def _session_for_topic(topic: str, sessions: list[Session]) -> Session | None:
    wanted = _stems(topic)
    best = max(sessions, key=lambda s: len(wanted & _stems(s.title)), default=None)
    if best is None or not wanted & _stems(best.title):
        return None
    return best


def _finish_sessions(report: ParsedReport) -> None:
    if not report.sessions:
        report.warnings.append("Fant ingen parallellsesjoner")
    for session in report.sessions:
        session.questions = list(dict.fromkeys(session.questions))
        if session.leader is None:
            report.warnings.append(f"Sesjon {session.number}: fant ingen leder")


def _evaluation_text(evaluation: Evaluation, text: str) -> None:
    for sentence in _sentences(text):
        lower = sentence.lower()
        pcts = [int(p) for p in re.findall(_PCT, sentence)]
        if not pcts:
            continue
        span = re.search(r"mellom\s+(\d{1,3})\s*(?:%|prosent)?\s*og\s+(\d{1,3})", lower)
        values = [int(span.group(1)), int(span.group(2))] if span else pcts
        if evaluation.response_rate is None and re.search(
            r"(besvarte|svarte|svarprosent|har svart|responsrate)", lower
        ):
            evaluation.response_rate = pcts[0]
        elif "kanskje" in lower and evaluation.maybe_next_year is None:
            evaluation.maybe_next_year = pcts[-1]
            if "neste år" in lower and evaluation.would_attend_next_year is None and len(pcts) > 1:
                evaluation.would_attend_next_year = pcts[0]
        elif "neste år" in lower and re.search(r"(delta|komme|være med)", lower):
            if evaluation.would_attend_next_year is None:
                evaluation.would_attend_next_year = pcts[0]
        elif "fornøyd" in lower and re.search(r"(innlegg|innledning|foredrag|plenum)", lower):
            evaluation.satisfied_plenary = values
        elif "fornøyd" in lower and re.search(r"(sesjon|gruppe)", lower):
            evaluation.satisfied_sessions = values
        elif "fornøyd" in lower and evaluation.satisfied_overall is None:
            evaluation.satisfied_overall = pcts[0]


# --------------------------------------------------------------------------- topic summaries
#
# Some conference reports sum up by topic: after the summary come sections of prose
# («Det ble etterlyst …», «Flere deltakere påpekte …») and long bullets, with no lists of the
# participants' inputs. Their inputs are the sentences that report what participants said or
# asked for; what ministers and the government said is context, not input.

_APPENDIX_HEAD_RE = re.compile(r"^(?:vedlegg|appendiks|bilag)\b", re.I)
_APPENDIX_RE = re.compile(
    r"^(?:vedlegg|appendiks|bilag|program(?:met)?\b|referanser|litteratur|kilder)", re.I
)
_OFFICIAL = (
    r"(?:\w*minister\w*|statsråd\w*|statssekretær\w*|regjering\w*|\w+departement\w*"
    r"|direktorat\w*|politiet)"
)
_OFFICIAL_RE = re.compile(rf"\b{_OFFICIAL}\b", re.I)
# «fra regjeringens side», «ifølge ministeren»: the official is the one speaking
_OFFICIAL_AGENT_RE = re.compile(
    rf"\b(?:fra|av|ifølge|i\s+følge)\s+(?:[\w-]+\s+){{0,3}}?{_OFFICIAL}\b", re.I
)
_OFFICIAL_SAYS_RE = re.compile(
    rf"\b(?:sier|sa|avsluttet|fremhever|framhever|understreker|påpeker|mener|opplyser)\s+"
    rf"(?:[\w-]+\s+){{0,1}}{_OFFICIAL}\b",
    re.I,
)
_ADDRESSED_RE = re.compile(r"\s+(?:oppfordres|bes|inviteres|blir\s+(?:bedt|invitert))\b", re.I)
_PARTICIPANT_RE = re.compile(
    r"\b(?:\w*deltaker\w*|salen|\w*organisasjon\w*|representant\w*|foreninge\w*"
    r"|ledere\s+for|fra\s+flere\s+hold|flere\s+som|mange\s+i)\b",
    re.I,
)
# verbs and nouns by which a report says that something was asked for or pointed out
_REPORTED_RE = re.compile(
    r"\b(?:etterly\w*|foresl\w*|forslag\w*|påpek\w*|pek(?:t|te|er)\s+på|savn\w*|ønske\w*"
    r"|behov\w*|spilt\s+inn|etterspur\w*|ment[ea]|mener|oppfordr\w*|bekymr\w*|frustrer\w*"
    r"|kritis\w*|understrek\w*|framhev\w*|fremhev\w*|framhold\w*|vektlagt|trukket\s+fram"
    r"|fremmet|ble\s+(?:det\s+)?sagt|uttrykt\w*|anbefal\w*)\b",
    re.I,
)
# a demand or a barrier stated without a reporting verb
_NEED_RE = re.compile(
    r"\b(?:bør|burde|må|måtte|trenger|trengs|utfordring\w*|vanskelig\w*|problem(?:er|et|ene)?"
    r"|barriere\w*|hinder|hindrer|mangel\w*|manglende|mangler|krevende|misbruk\w*|sliter"
    r"|opplever|oppleves|ikke\s+nok|for\s+lite|for\s+dyrt|(?:ikke|uten\s+å)\s+få\w*"
    r"|får\s+ikke)\b",
    re.I,
)
_SAYS_RE = re.compile(
    r"\b(?:forteller|fortalte|opplever|opplevde|opplyser|informer\w*|sier|sa|nevner|nevnte)\b",
    re.I,
)
_PASSIVE_RE = re.compile(
    r"\bble\s+(?:det\s+)?(?:også\s+)?(?:\w+\s+){0,2}?(?:etterlyst|foreslått|påpekt|pekt"
    r"|understreket|framhevet|fremhevet|sagt|nevnt|trukket|fremmet|spilt|uttrykt|vektlagt"
    r"|fokusert)\b|\b(?:etterlyses|påpekes|foreslås|understrekes|fremheves|framheves)\b",
    re.I,
)
_ANAPHORIC_RE = re.compile(r"^(?:dette|disse|denne|det\s+synliggjør|her|de)\b", re.I)
_LED_SESSION_RE = re.compile(
    r"sesjon\w*\b.{0,160}?\b(?:ledet|ledes)\s+av\b|\bledet\s+sesjonen", re.I
)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph; a full stop before a capital letter ends one."""
    parts = re.split(r"(?<=[.!?])\s+(?=[«\"A-ZÆØÅ])", re.sub(r"\s+", " ", text).strip())
    return [part.strip() for part in parts if part.strip()]


def _speaker(sentence: str) -> str | None:
    """«official» when a minister or the government speaks, «participant», or None."""
    official = _OFFICIAL_RE.search(sentence)
    participant = _PARTICIPANT_RE.search(sentence)
    if participant is not None and _ADDRESSED_RE.match(sentence, participant.end()):
        participant = None  # «Innvandrerorganisasjoner oppfordres til …» is spoken to
    if official is None:
        # the report's own passive («Det ble etterlyst …») speaks for the participants
        return "participant" if participant or _PASSIVE_RE.search(sentence) else None
    if participant is not None and participant.start() < official.start():
        return "participant"
    cue = _REPORTED_RE.search(sentence) or _SAYS_RE.search(sentence)
    if _OFFICIAL_AGENT_RE.search(sentence) or cue is None or official.start() < cue.start():
        return "official"
    if _OFFICIAL_SAYS_RE.search(sentence):
        return "official"  # «…, fremhever statssekretær i …», «sier statsråden»
    return "participant" if participant else None


def _is_reported_input(sentence: str, speaker: str | None, *, named: bool = False) -> bool:
    if len(_words(sentence)) < 6 or sentence.endswith(":") or speaker == "official":
        return False
    reported = _REPORTED_RE.search(sentence) is not None
    if _ANAPHORIC_RE.match(sentence):
        return reported  # «Dette er alle virkemidler …» leans on the sentence before
    if reported or _NEED_RE.search(sentence):
        return True
    if speaker != "participant":
        return False
    # what participants tell is theirs; what they find important only where they are named
    return _SAYS_RE.search(sentence) is not None or (named and "viktig" in sentence.lower())


def reported_inputs(text: str) -> list[str]:
    """The sentences of a paragraph that report what participants said, asked for or lack."""
    sentences = split_sentences(text)
    speakers = [_speaker(sentence) for sentence in sentences]
    # a paragraph closed by «…, avsluttet statssekretæren» is the official's; otherwise a sentence without its own speaker goes on
    # with the one before
    only_officials = (
        bool(sentences)
        and _OFFICIAL_SAYS_RE.search(sentences[-1]) is not None
        and "participant" not in speakers
    )
    found: list[str] = []
    state: str | None = None
    for sentence, speaker in zip(sentences, speakers, strict=True):
        state = "official" if only_officials else speaker or state
        if _is_reported_input(sentence, state, named=speaker == "participant"):
            found.append(sentence)
    return found


def _bullet_inputs(text: str) -> list[str]:
    sentences = split_sentences(text)
    if len(sentences) > 1:
        return reported_inputs(text)  # a long bullet is a paragraph
    if len(_words(text)) < 3 or _speaker(text) == "official":
        return []
    return [text]


def split_glued_titles(blocks: list[Block], titles: list[str]) -> list[Block]:
    """Split a contents title that the layout glued to the end of the paragraph before it."""
    long_titles = [t for t in titles if len(_words(t)) >= 3]
    result: list[Block] = []
    for block in blocks:
        for title in long_titles:
            text = block.text.rstrip()
            if len(text) > len(title) + 10 and text.lower().endswith(title.lower()):
                head = text[: -len(title)].rstrip()
                if head.endswith((".", "!", "?")):
                    result.append(Block(block.kind, head, block.page, block.line))
                    block = Block("para", text[-len(title) :], block.page, block.line)
                    break
        result.append(block)
    return result


def _topic_spans(body: list[Block], toc_titles: list[str]) -> list[tuple[int, int]]:
    """Sections from a contents title (or a heading over prose) to the next, before appendices."""
    starts = sorted(_article_starts(body, toc_titles)) if toc_titles else []
    if len(starts) < 3:
        starts = [
            i
            for i, block in enumerate(body[:-1])
            if is_heading(block)
            and not block.text.endswith(":")
            and _speaker_line(block.text) is None  # «Name, role» under a talk's title
            and not body[i + 1].is_bullet
            and not is_heading(body[i + 1])
            and len(_words(body[i + 1].text)) >= 12
        ]
    end = len(body)
    appendix = next((i for i in starts if _APPENDIX_RE.match(body[i].text)), None)
    if appendix is not None:
        end = appendix
    starts = [i for i in starts if i < end]
    return list(zip(starts, [*starts[1:], end], strict=True)) if starts else []


def _is_topic_summary(body: list[Block], toc_titles: list[str]) -> bool:
    """A body of topic sections in prose, without lists of the participants' inputs."""
    if any(_INPUTS_RE.match(b.text) for b in body if not b.is_bullet):
        return False
    spans = _topic_spans(body, toc_titles)
    if len(spans) < 3:
        return False
    prose = bullets = 0
    for start, end in spans:
        for block in body[start + 1 : end]:
            if block.is_bullet:
                bullets += len(_words(block.text))
            elif not is_heading(block):
                prose += len(_words(block.text))
    return prose >= 60 and prose >= 1.5 * bullets


def _led_session(span: list[Block], sessions: list[Session]) -> Session | None:
    """The session a topic section reports, when its first paragraph says who led it."""
    first = next((b for b in span[1:] if not b.is_bullet and not is_heading(b)), None)
    if first is None:
        return None
    opening = split_sentences(first.text)[0] if first.text else ""
    if not _LED_SESSION_RE.search(opening):
        return None
    return next((s for s in sessions if s.leader and s.leader in opening), None)


def _parse_topic_sections(body: list[Block], toc_titles: list[str], report: ParsedReport) -> None:
    """Participants' inputs of a topic-summary report, sentence by sentence, per topic."""
    placed = {(item.page, item.line) for item in report.inputs}
    # a talk's summary is the speaker's, not the participants': skip it to the section's end
    talk_titles = {talk.title for talk in report.talks}
    tip_of = {item: group for group in report.tips for item in group.items}
    refilled: set[int] = set()
    groups: list[TipGroup] = []
    found = 0
    for start, end in _topic_spans(body, toc_titles):
        title = _clean_heading(body[start].text)
        session = _led_session(body[start:end], report.sessions)
        topic_group = TipGroup(title)
        in_talk = title in talk_titles
        for block in body[start + 1 : end]:
            numbered = _SESSION_RE.match(block.text) if not block.is_bullet else None
            if numbered:
                number = int(numbered.group(1))
                session = next((s for s in report.sessions if s.number == number), None)
                continue
            if is_heading(block):
                in_talk = in_talk or _clean_heading(block.text) in talk_titles
                continue
            if in_talk or (block.page, block.line) in placed:
                continue
            if block.is_bullet:
                sentences = _bullet_inputs(block.text)
            else:
                sentences = reported_inputs(block.text)
            target = tip_of.get(block.text) if block.is_bullet else None
            if target is not None and id(target) not in refilled:
                refilled.add(id(target))
                target.items = []
            found += len(sentences)
            if target is None and session is not None:
                session.inputs += [Input(s, title, block.page, block.line) for s in sentences]
                continue
            group = target or topic_group
            group.items += [s for s in sentences if s not in group.items]
            if group.items and group not in groups:
                groups.append(group)
    kept = [g for g in report.tips if not any(g is other for other in groups)]
    report.tips = kept + groups
    if not found:
        report.warnings.append("Fant ingen innspill fra deltakerne i temadelene")


# --------------------------------------------------------------------------- facts


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


# --------------------------------------------------------------------------- input report


def _parse_input_report(body: list[Block], report: ParsedReport) -> None:
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
        recurring = re.search(r"(g[aåä]r\s+igjen|gjentas|hyppigst)", text, re.I)
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
        for kind, pattern in _ORG_TYPES:
            if pattern.search(match.group(2)):
                counts.setdefault(kind, number)  # a type listed twice keeps its first count
                break
    return counts


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


# --------------------------------------------------------------------------- theme booklet


def _parse_booklet(body: list[Block], toc_titles: list[str], report: ParsedReport) -> None:
    starts = _article_starts(body, toc_titles)
    if starts:
        spans = [(s, e) for s, e in zip(starts, [*starts[1:], len(body)], strict=True)]
    else:
        spans = _spans_by_fact_boxes(body)
    for start, end in spans:
        span = body[start:end]
        has_facts = any(_INHABITANTS_RE.match(b.text) for b in span)
        has_measures = any(_MEASURES_RE.match(b.text) for b in span)
        if not (has_facts or has_measures):
            continue
        report.practices.append(_practice(span))
    for practice in report.practices:
        if practice.municipality is None:
            report.warnings.append(f"Fant ingen kommune for «{practice.title}»")
    if not report.practices:
        report.warnings.append("Fant ingen lokale eksempler med kommunefakta eller gode grep")


def _article_starts(body: list[Block], toc_titles: list[str]) -> list[int]:
    starts: list[int] = []
    remaining = list(toc_titles)
    for index, block in enumerate(body):
        if not is_heading(block) or not remaining:
            continue
        for title in remaining:
            if _similar(block.text, title) >= 0.9:
                starts.append(index)
                remaining.remove(title)
                break
    return starts


def _spans_by_fact_boxes(body: list[Block]) -> list[tuple[int, int]]:
    """Without a table of contents, a practice runs from a heading to the end of its measures."""
    spans: list[tuple[int, int]] = []
    start = 0
    index = 0
    while index < len(body):
        if _MEASURES_RE.match(body[index].text):
            end = index + 1
            while end < len(body) and not _MEASURES_RE.match(body[end].text):
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
        if _MEASURES_RE.match(block.text):
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
            first_fact = index if first_fact is None else first_fact
            continue
        if immigrants:
            facts.immigrants = _to_int(immigrants.group(1))
            facts.immigrant_share = float(immigrants.group(2).replace(",", "."))
            continue
        if nationalities:
            facts.nationalities = int(nationalities.group(1))
            continue
        measure_head = _MEASURES_RE.match(text)
        if measure_head:
            in_measures = True
            place = re.search(r"\b(?:PÅ|I)\s+(.+)$", text)
            if place and measures_place is None and len(_words(place.group(1))) <= 3:
                measures_place = _place_name(place.group(1))
            continue
        if in_measures:
            if (
                is_heading(block)
                and index + 1 < len(span)
                and not _MEASURES_RE.match(span[index + 1].text)
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
