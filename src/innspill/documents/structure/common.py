"""What every report family reads the same way: headings, names, numbers, contents titles."""

from __future__ import annotations

import difflib
import re

from innspill.documents.layout import Block

_UPPER = "A-ZÆØÅÄÖÜÉ"
_NAME_TOKEN = rf"[{_UPPER}][\w'’]*(?:-[{_UPPER}]?[\w'’]+)*"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|van|von|de|al|el|bin)){{1,3}}"
_NUMBERED_RE = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_NUMBER_WORDS = {
    "en": 1, "ett": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
    "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
    "tjue": 20,
}  # fmt: skip
_NUMBER = r"(\d{1,4}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_CREDIT_RE = re.compile(r"^(foto|kilde|illustrasjon\w*|bilde|kartgrunnlag)\s*:", re.I)


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


def _close_enough(a: str, b: str, threshold: float) -> bool:
    """`_similar(a, b) >= threshold`, with the cheap upper bounds first.

    A full ratio is quadratic in the strings' length; a mangled file with thousands of headings
    and contents lines made the pairwise comparison take minutes. The length bound and difflib's
    quick ratios rule out almost every pair before the full ratio runs.
    """
    shorter, longer = sorted((len(a), len(b)))
    if 2 * shorter < threshold * (shorter + longer):
        return False
    matcher = difflib.SequenceMatcher(None, a.lower(), b.lower())
    return (
        matcher.real_quick_ratio() >= threshold
        and matcher.quick_ratio() >= threshold
        and matcher.ratio() >= threshold
    )


def _article_starts(body: list[Block], toc_titles: list[str]) -> list[int]:
    starts: list[int] = []
    remaining = list(toc_titles)
    for index, block in enumerate(body):
        if not is_heading(block) or not remaining:
            continue
        for title in remaining:
            if _close_enough(block.text, title, 0.9):
                starts.append(index)
                remaining.remove(title)
                break
    return starts


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ch in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _slips(phrase: str) -> int:
    # OCR slips a letter in about one word of five; a short heading may carry one slip
    return max(1, len(phrase) // 7)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", " ", text.lower())).strip()


def heading_opens(text: str, phrases: tuple[str, ...], *, whole: bool = False) -> str | None:
    """The known phrase `text` opens with, allowing OCR slips, or None.

    «CODE GREP I X», «INNHOOLD», «Oppfordringer og tps» open with «gode grep», «innhold»,
    «oppfordringer og tips»: each phrase is compared with as many of the text's first words,
    within one edit per seven letters (at least one). With `whole`, the text must be the
    phrase and nothing more.
    """
    words = _plain(text).split()
    for phrase in phrases:
        size = len(phrase.split())
        if len(words) < size or (whole and len(words) > size):
            continue
        head = " ".join(words[:size])
        if edit_distance(head, phrase, _slips(phrase)) <= _slips(phrase):
            return phrase
    return None


def word_like(word: str, stem: str) -> bool:
    """`word` starts with `stem`, allowing OCR slips («innvandrerrad», «næringsllv»)."""
    word = word.lower()
    limit = _slips(stem)
    return any(
        edit_distance(word[:size], stem, limit) <= limit
        for size in range(len(stem) - limit, len(stem) + limit + 1)
        if size <= len(word)
    )


# Words that open a session heading and are long enough that a slip or two cannot make them
# another word; «sesjon» is not among them («seksjon» is one slip away)
_SESSION_WORDS = ("parallellsesjon", "gruppesesjon")
_NUMBERED_WORD_RE = re.compile(r"^([^\W\d_]{10,})(?=\s*(?:\d{1,2}|[A-L])\b)")


def mend_session_word(text: str) -> str:
    """«Paralleilsesjon 2: …» → «Parallellsesjon 2: …»: OCR's slip in a session heading's word.

    Only a word standing before a number (or a session letter) is mended, and never an
    inflection of the word itself («Parallellsesjoner 3 og 4»).
    """
    match = _NUMBERED_WORD_RE.match(text)
    if match is None:
        return text
    word = match.group(1)
    lower = word.lower()
    for canonical in _SESSION_WORDS:
        if lower.startswith(canonical) or canonical.startswith(lower):
            continue
        limit = _slips(canonical)
        if edit_distance(lower, canonical, limit) <= limit:
            mended = canonical.capitalize() if word[:1].isupper() else canonical
            return mended + text[match.end() :]
    return text
