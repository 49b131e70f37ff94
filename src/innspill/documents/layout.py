"""Turn page texts into clean blocks: paragraphs and bullets with their source position.

Handles what PDF extraction, Word export and OCR leave behind: hyphenated and wrapped
lines, page numbers, running headers, pull quotes that repeat the body, repeated URLs and
the many bullet glyphs («•», «-», «–», Word's private-use «», OCR's «e »/«o »).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

BULLET_RE = re.compile(
    r"^\s*(?:[•\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\uf0b7\uf0a7\uf0d8·▪■◦►❖✓*-]|[–—]"
    r"|[eo](?=\s+[A-ZÆØÅ«\"“]))\s+(?=\S)"
)
# a line of a number alone is a page number, unless it is a year (a cover's «2029» under
# the conference's name); no report has two thousand pages
_LETTERS_RE = re.compile(r"[^\W\d_]")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:side|s\.|page)\s*)?[-–]?\s*(?!(?:19|20)\d\d\s*$)\d{1,4}\s*[-–]?\s*"
    r"(?:(?:av|/|of)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"^\s*(?:\S{1,3}\s+)?((?:https?://|www\.)\S+)\s*$", re.IGNORECASE)
_PULL_QUOTE_RE = re.compile(r"^\s*(?:[”’]|’’|'')")
_STRAIGHT_QUOTE_RE = re.compile(r'^\s*["“]')
_TERMINAL = ".!?:;»”\"')]"
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
_CONJUNCTIONS = {"og", "eller", "samt", "til", "som", "and", "or", "enn"}
_JOINERS = _CONJUNCTIONS | {
    "i",
    "for",
    "av",
    "med",
    "på",
    "at",
    "en",
    "et",
    "å",
    "om",
    "fra",
    "mot",
}
_TOC_END_RE = re.compile(r"(?:\.{3,}|…|\s)\s*\d{1,3}$")
_HYPHENS = "-\u2010\u00ad"
_WORD_RE = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+")
# Unicode's paragraph separator at the start of a line: a reader saw a paragraph break that
# the text cannot show (a PDF's vertical gap). Unlike a blank line it adds no line, so the
# line numbers of the source stay those of the page.
PARAGRAPH_MARK = "\u2029"


@dataclass
class Block:
    """A paragraph or bullet; `page` is 1-based (None for unpaged text), `line` 1-based."""

    kind: str
    text: str
    page: int | None
    line: int
    emphasis: bool = False
    heading: bool = False

    @property
    def is_bullet(self) -> bool:
        return self.kind == "bullet"


@dataclass
class _Line:
    text: str
    page: int | None
    line: int
    blank_before: bool


def strip_markup(text: str) -> str:
    """Remove Markdown emphasis, heading marks and link targets."""
    text = _LINK_RE.sub(r"\1", text)
    text = _MD_HEADING_RE.sub("", text)
    text = re.sub(r"(?<!\S)\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?!\S)|\*{2,3}", "", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    return re.sub(r"[ ]{2,}", " ", text).strip()


def bullet_text(line: str) -> str | None:
    """The text after a bullet marker, or None when the line is not a bullet."""
    match = BULLET_RE.match(line)
    if match is None:
        return None
    rest = line[match.end() :]
    # «- 3» or «– 2019» are ranges and dates, «*emphasis*» is not a bullet
    if line.lstrip().startswith("*") and rest.rstrip().endswith("*"):
        return None
    return rest


def _first_word(text: str) -> str:
    parts = text.split()
    return parts[0] if parts else ""


def _last_word(text: str) -> str:
    parts = text.split()
    return parts[-1] if parts else ""


def _is_upper_line(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 6 and all(ch.isupper() for ch in letters)


def join_hyphenated(left: str, right: str) -> str:
    """Join a line ending in a hyphen with the next, keeping real hyphens."""
    stem = left.rstrip()[:-1]
    nxt = right.lstrip()
    word = _first_word(nxt).strip(",.;:")
    last = _last_word(stem)
    if word.lower() in _CONJUNCTIONS:
        return f"{stem}- {nxt}"  # «barne- og ungdomsråd»
    if (
        last[-1:].isdigit()
        or (len(last) >= 2 and last.isupper())
        or nxt[:1].isupper()
        or nxt[:1].isdigit()
    ):
        return f"{stem}-{nxt}"  # «NAV-ansatte», «20-åring», «covid-19»
    return f"{stem}{nxt}"  # «nær-» + «miljøet»


def _ends_with_hyphen(text: str) -> bool:
    text = text.rstrip()
    return len(text) >= 2 and text[-1] in _HYPHENS and text[-2].isalpha()


def _ends_with_range_dash(text: str) -> bool:
    """«sesjon 1–»: a range of numbers cut after its dash."""
    text = text.rstrip()
    return len(text) >= 2 and text[-1] in "–-" and text[-2].isdigit()


def _page_lines(pages: list[str], paged: bool) -> list[list[_Line]]:
    result: list[list[_Line]] = []
    offset = 0
    for number, page in enumerate(pages, start=1):
        lines: list[_Line] = []
        blank = True
        raw = page.split("\n")
        for index, text in enumerate(raw, start=1):
            if text.startswith(PARAGRAPH_MARK):
                blank = True
                text = text.lstrip(PARAGRAPH_MARK)
            if not text.strip():
                blank = True
                continue
            line_no = index if paged else offset + index
            lines.append(_Line(text.rstrip(), number if paged else None, line_no, blank))
            blank = False
        offset += len(raw)
        result.append(lines)
    return result


def _drop_page_furniture(pages: list[list[_Line]], paged: bool) -> list[list[_Line]]:
    """Drop page numbers, running headers/footers and OCR specks at page edges."""
    edge_counts: Counter[str] = Counter()
    if paged and len(pages) >= 3:
        for lines in pages:
            edges = {_normalise_edge(line.text) for line in lines[:2] + lines[-2:]}
            edge_counts.update(edge for edge in edges if edge)
    # Lines without letters are page numbers, which _PAGE_NUMBER_RE knows; counted as repeated
    # edges they took a cover's year («Konferansen» / «2023») with them.
    repeated = {
        edge
        for edge, count in edge_counts.items()
        if count >= max(3, len(pages) // 2) and _LETTERS_RE.search(edge)
    }
    cleaned: list[list[_Line]] = []
    for number, lines in enumerate(pages):
        keep: list[_Line] = []
        for position, line in enumerate(lines):
            text = line.text.strip()
            at_edge = position < 2 or position >= len(lines) - 2
            if _PAGE_NUMBER_RE.match(text) and (paged or len(text) <= 4):
                continue
            # The report's name as a running header or footer is also the first page's title:
            # without a cover it is the only place that names the conference and its year.
            title = number == 0 and position < 2
            if paged and at_edge and not title and _normalise_edge(text) in repeated:
                continue
            edge = position == 0 or position == len(lines) - 1
            if paged and edge and len(text) <= 3 and len(_LETTERS_RE.findall(text)) < 2:
                continue  # an OCR speck; a short word («år.») ending a sentence from the last page stays
            keep.append(line)
        cleaned.append(keep)
    return cleaned


def _normalise_edge(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _line_width(lines: list[_Line]) -> tuple[bool, float]:
    """Whether lines are wrapped at a fixed width (PDF, OCR) and that width."""
    lengths = sorted(len(line.text.strip()) for line in lines)
    if len(lengths) < 8:
        return False, 0.0
    width = float(lengths[int(len(lengths) * 0.95) - 1])
    if width > 160 or width < 50:  # no printed page wraps body text narrower than this
        return False, width
    near_full = sum(1 for length in lengths if length >= 0.75 * width)
    return near_full >= 0.3 * len(lengths), width


_TOC_START_RE = re.compile(r"^(?:s\.|side)\s*\d{1,3}\s", re.IGNORECASE)
# headings of the report families that never continue the line before them
_SECTION_START_RE = re.compile(
    r"^(?:parallell\s*-?\s*sesjon|sesjon|tema)\s*(?:\d{1,2}\b|[:–-])|^innspill fra deltaker",
    re.IGNORECASE,
)


_NUMBERED_LINE_RE = re.compile(r"^\d{1,2}[.)]\s+[«\"A-ZÆØÅ]")


def _starts_new(text: str) -> bool:
    stripped = text.lstrip()
    return (
        stripped.startswith(("**", "#"))
        or _is_upper_line(stripped)
        or _TOC_START_RE.match(stripped) is not None
        or _SECTION_START_RE.match(stripped) is not None
    )


MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "desember",
)  # fmt: skip
# a date alone on its line («28. september 2034», «28.09.2034»): a cover's, under its title
_DATE_LINE_RE = re.compile(
    rf"\d{{1,2}}\.\s*(?:(?:{'|'.join(MONTHS)})\s+\d{{4}}|\d{{1,2}}\.\s*\d{{4}})", re.IGNORECASE
)


def _should_join(
    prev: str,
    nxt: _Line,
    *,
    wrapped: bool,
    width: float,
    blanks_matter: bool,
    new_page: bool = False,
) -> bool:
    prev = prev.rstrip()
    text = nxt.text.strip()
    if bullet_text(nxt.text) is not None or _starts_new(text) or _is_upper_line(prev):
        return False
    if _DATE_LINE_RE.fullmatch(text) and not _last_word(prev)[:1].islower():
        return False  # «Integreringskonferansen 2034» / «28. september 2034» on a cover
    if prev[-1:] in ".!?:" and _NUMBERED_LINE_RE.match(text):
        return False  # «1. …» after a finished sentence opens a numbered item
    first = text[:1]
    if first == "%" or (first in ",.;)" and not nxt.blank_before):
        return True  # «92» / «% av deltakerne» was split by the wrap
    if _PULL_QUOTE_RE.match(text) or _STRAIGHT_QUOTE_RE.match(text):
        return False
    if _TOC_END_RE.search(prev) and not first.islower():
        return False
    if prev.endswith("?") and not first.islower():
        return False  # headings and questions in reports end with «?» at the line end
    ends_open = prev[-1:] not in _TERMINAL
    if _ends_with_hyphen(prev) and (first.islower() or not nxt.blank_before):
        return True
    if _ends_with_range_dash(prev) and first.isdigit() and not nxt.blank_before:
        return True  # «For sesjon 1–» / «4 var 79 % fornøyd»
    if ends_open and first.islower():
        return True  # a sentence continues, even across a blank line or page break
    if prev[-1:] in ".;" and first.islower() and not nxt.blank_before:
        return True  # «… mht.» / «tilskudd …», «… veier;» / «både …»: the sentence goes on
    if (
        new_page
        and ends_open
        and first.isdigit()
        and _last_word(prev)[:1].islower()
        and not _NUMBERED_LINE_RE.match(text)
    ):
        return True  # «… varierte mellom» / (page break) «79 og 94 prosent.»
    if (
        ends_open
        and first.isdigit()
        and _last_word(prev)[:1].islower()
        and not nxt.blank_before
        and len(prev) >= 0.7 * width
    ):
        return True  # «… og samlet» / «204 deltakere.»: a full line wrapped before a number
    if nxt.blank_before and blanks_matter:
        return False
    if ends_open and prev.endswith(","):
        return True
    if ends_open and _last_word(prev).lower() in _JOINERS:
        return True  # «… på Kulturhuset Banken i» / «Lillehammer …»: no line ends so
    if not wrapped:
        return False
    fits = len(prev) + 1 + len(_first_word(text)) <= 0.85 * width
    if fits:
        return False
    # a short unpunctuated line after a full sentence is a heading
    return not (prev[-1:] in ".!?" and len(text) < 0.6 * width and text[-1:] not in ".,;")


def paragraph_gaps(boxes: Sequence[tuple[float, float] | None]) -> set[int]:
    """Lines that follow a paragraph gap, from each line's (bottom, top) on the page (y up).

    Text layers have no blank lines, so a paragraph that ends at the right margin looks
    wrapped; the space above its successor is what sets it apart (the reader marks such
    lines with PARAGRAPH_MARK). A gap counts when the white space above a line exceeds the
    page's usual space between lines by half a line height. Lines without a box (None) are
    skipped; a line above its predecessor (a new column) and a page with too few lines to
    know its usual spacing give no gaps.
    """
    pairs: list[tuple[int, float, float]] = []  # line, white space above it, line height
    above: tuple[float, float] | None = None
    for number, box in enumerate(boxes):
        if box is None:
            continue
        if above is not None:
            height = max(above[1] - above[0], box[1] - box[0])
            pairs.append((number, above[0] - box[1], height))
        above = box
    downward = sorted(space for _, space, height in pairs if space > -height / 2)
    if len(downward) < 3:
        return set()
    usual = downward[len(downward) // 2]
    return {number for number, space, height in pairs if space > usual + height / 2}


def layout_blocks(pages: list[str], *, paged: bool = False) -> list[Block]:
    """Clean page texts into paragraphs and bullets in reading order."""
    page_lines = _drop_page_furniture(_page_lines(pages, paged), paged)
    lines = [line for page in page_lines for line in page]
    wrapped, width = _line_width(lines)
    followed_by_blank = sum(1 for line in lines[1:] if line.blank_before)
    # some exports put a blank line after every line; then blank lines say nothing
    blanks_matter = followed_by_blank < 0.6 * max(1, len(lines) - 1)

    blocks: list[Block] = []
    current: Block | None = None
    # The current block's lines, joined once it is complete: joining line by line copied the
    # whole paragraph each time (quadratic: an 8 MB text without blank lines took 59 s).
    parts: list[str] = []
    last_line = ""
    last_page: int | None = None
    seen_urls: set[str] = set()
    for line in lines:
        url = _URL_RE.match(line.text)
        if url is not None:
            key = url.group(1).rstrip("/.").lower()
            if key in seen_urls:
                continue
            seen_urls.add(key)
        new_page = line.page is not None and line.page != last_page
        last_page = line.page
        if current is not None and _should_join(
            last_line,
            line,
            wrapped=wrapped,
            width=width,
            blanks_matter=blanks_matter,
            new_page=new_page,
        ):
            # A hyphen and the word it splits are always within the last line joined.
            if _ends_with_hyphen(parts[-1]):
                parts[-1] = join_hyphenated(parts[-1], line.text)
            elif _ends_with_range_dash(parts[-1]) and line.text.lstrip()[:1].isdigit():
                parts[-1] = parts[-1].rstrip() + line.text.strip()  # «1–» + «4» is «1–4»
            else:
                parts[-1] = parts[-1].rstrip()
                parts.append(line.text.strip())
            last_line = line.text
            continue
        if current is not None:
            current.text = " ".join(parts)
        last_line = line.text
        rest = bullet_text(line.text)
        if rest is not None:
            current = Block("bullet", rest.strip(), line.page, line.line)
        else:
            current = Block("para", line.text.strip(), line.page, line.line)
        parts = [current.text]
        blocks.append(current)
    if current is not None:
        current.text = " ".join(parts)

    for block in blocks:
        raw = block.text
        # italic (single asterisk) marks pull quotes; bold marks headings
        block.emphasis = bool(re.fullmatch(r"\*[^*].*[^*]\*", raw.strip()))
        # a Markdown heading mark or a fully bold paragraph is a heading whatever its length
        block.heading = block.kind == "para" and bool(
            _MD_HEADING_RE.match(raw) or re.fullmatch(r"\*\*[^*].*[^*]\*\*", raw.strip())
        )
        block.text = strip_markup(raw)
    blocks = [block for block in blocks if block.text]
    return drop_pull_quotes(blocks)


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _WORD_RE.findall(text)]


def drop_pull_quotes(blocks: list[Block]) -> list[Block]:
    """Remove pull quotes: paragraphs led by ” or ’’, and short ones that repeat the body."""
    vocab_by_block = [set(_tokens(block.text)) for block in blocks]
    keep: list[Block] = []
    for index, block in enumerate(blocks):
        if block.is_bullet:
            keep.append(block)
            continue
        tokens = _tokens(block.text)
        if _PULL_QUOTE_RE.match(block.text):
            continue
        if 5 <= len(tokens) <= 40 and (_STRAIGHT_QUOTE_RE.match(block.text) or block.emphasis):
            wanted = set(tokens)
            repeated = any(
                other != index
                and len(vocab_by_block[other]) > len(wanted)
                and not blocks[other].is_bullet
                and len(wanted & vocab_by_block[other]) >= 0.85 * len(wanted)
                for other in range(len(blocks))
            )
            if repeated:
                continue
        keep.append(block)
    return keep
