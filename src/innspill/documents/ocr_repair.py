"""Repair Norwegian text that was OCR'd with a non-Norwegian language model.

Such OCR loses æ, ø and å in systematic ways (``mgte`` for ``møte``, ``pd`` for ``på``,
``& styrke`` for ``å styrke``, ``naeringslivet``/``nzeringslivet`` for ``næringslivet``, a bullet
read as ``e``).  We undo that with a character-confusion model: every token gets candidate readings
by reversing the confusions, each candidate is scored by its bokmål word frequency (wordfreq's
Norwegian list, with a compound-word fallback) minus the cost of the confusions it assumes, and the
token is replaced only when a candidate clearly beats the token as written.  Whether a token that
is already a real word (``far``, ``gar``, ``varen``) may be swapped depends on the whole text: only
in a text that shows the wrong-language signature (almost no æøå, many repairable tokens).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

__all__ = [
    "Change",
    "Lexicon",
    "Reading",
    "load_lexicon",
    "needs_repair",
    "repair_changes",
    "repair_text",
    "repair_token",
    "token_readings",
]

# (seen in the OCR text, meant, cost in zipf units). Costs were set from how often each confusion
# shows up in wrong-language OCR: the cheap ones are near-certain, the dear ones need a big
# frequency gain before we believe them.
CONFUSIONS: tuple[tuple[str, str, float], ...] = (
    ("&", "å", 0.3),
    ("é", "å", 0.5),
    ("@", "ø", 0.5),
    ("@", "å", 0.8),
    ("0", "ø", 1.0),
    ("g", "ø", 1.0),
    ("d", "å", 1.0),
    ("ae", "æ", 0.5),
    ("ze", "æ", 0.5),
    ("eae", "æ", 0.5),
    ("ee", "æ", 1.0),
    ("a", "å", 1.5),
    ("ad", "å", 1.2),
    ("ag", "ø", 1.5),
    ("o", "ø", 1.5),
    ("a", "ø", 2.0),
    ("e", "ø", 2.0),
)
# In text that shows the wrong-language signature å is never printed, so a plain «a» is far more
# often a lost «å» than in text at large.
WRONG_LANGUAGE_COSTS = {("a", "å"): 0.6, ("ad", "å"): 0.8, ("a", "ø"): 1.2}
# Capital Æ is read as A in headings (NARINGSLIV); lower-case a→æ would wreck ``vare``/``være``.
UPPER_CONFUSIONS: tuple[tuple[str, str, float], ...] = (("a", "æ", 1.0),)
LEADING_I_COST = 1.0  # a capital I that is really a lower-case l (``Igsninger`` → ``løsninger``)
MAX_COST = 3.5
MAX_EDITS = 3
# Readings are tried for tokens up to this length: the longest Norwegian words in the lexicon
# are shorter, and a run of glued characters (a damaged file) has more edit combinations than
# memory holds.
MAX_TOKEN = 48

# A swap must win by this many zipf points: unknown tokens need little, real words need a lot.
MARGIN_UNKNOWN = 0.3
MARGIN_KNOWN = 0.5
MIN_CANDIDATE_ZIPF = 1.5
MIN_PLAIN_CANDIDATE_ZIPF = 2.5
# below this a listed token is as likely OCR debris as a word (wordfreq has seen ``drafte``)
MIN_KNOWN_ZIPF = 2.0
COMPOUND_PENALTY = 1.0
COMPOUND_MIN_HEAD = 4
COMPOUND_MIN_TAIL = 3
MIN_ATTESTED_ZIPF = 1.0
COMPOUND_OTHER_PART_WEIGHT = 0.25
COMPOUND_SOFT_CAP = 3.0
COMPOUND_ABOVE_CAP_WEIGHT = 0.25
COMPOUND_MIN_ZIPF = 2.0

TOKEN_RE = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ&@]+")
CHUNK_RE = re.compile(r"\S+")
BULLET_RE = re.compile(r"^(\s*)e (?=[A-ZÆØÅ«])", re.MULTILINE)
# Lone symbols that stand for the infinitive marker «å» (``& styrke``, ``3 løfte``, ``a være``).
LONE_AA = frozenset({"&", "@", "3", "8", "a", "d"})
# capital «Å» read as A or D («A styrke …»)
CAPITAL_AA = frozenset({"A", "D"})
NORWEGIAN_LETTERS = set("æøåÆØÅ")
CONTEXT_CHARS = 200  # how far back to look for the word before a lone symbol


@dataclass(frozen=True)
class Change:
    """One replacement: ``old`` at ``start``..``end`` of the original text became ``new``."""

    old: str
    new: str
    start: int
    end: int
    line: int


class Lexicon:
    """Bokmål word frequencies (zipf) with a compound fallback for unlisted compounds."""

    def __init__(self, *, zipf: dict[str, float]) -> None:
        self._zipf = zipf
        self.score = lru_cache(maxsize=200_000)(self._score)

    def __len__(self) -> int:
        return len(self._zipf)

    def listed(self, word: str) -> float:
        """Zipf frequency of a lower-case word as listed (0.0 when absent)."""
        return self._zipf.get(word, 0.0)

    def _score(self, word: str) -> float:
        listed = self._zipf.get(word, 0.0)
        if listed >= 3.0 or len(word) < COMPOUND_MIN_HEAD + COMPOUND_MIN_TAIL:
            return listed
        compound = self._compound(word)
        if compound > COMPOUND_SOFT_CAP:
            # a compound is rarer than its parts: keep the order of guesses but not their height,
            # or a garbled compound of two common words would outscore a real listed word
            compound = COMPOUND_SOFT_CAP + COMPOUND_ABOVE_CAP_WEIGHT * (
                compound - COMPOUND_SOFT_CAP
            )
        # an attested compound needs no penalty; an unlisted one pays for being a guess
        if listed >= MIN_ATTESTED_ZIPF:
            return max(listed, compound)
        return max(listed, compound - COMPOUND_PENALTY)

    def _head(self, part: str) -> float:
        score = self._zipf.get(part, 0.0)
        if part[-1] in "se" and len(part) > COMPOUND_MIN_HEAD:
            # linking -s-/-e- (innspill|s|møter)
            score = max(score, self._zipf.get(part[:-1], 0.0))
        return score if score >= COMPOUND_MIN_ZIPF else 0.0

    def _compound(self, word: str, *, depth: int = 0) -> float:
        # Norwegian writes compounds as one word (innspillsmøter = innspill + s + møter); most are
        # not in any frequency list, so score them by the rarer of two listed parts.
        best = 0.0
        long_heads: list[tuple[str, float]] = []
        zipf = self._zipf
        for cut in range(COMPOUND_MIN_HEAD, len(word) - COMPOUND_MIN_TAIL + 1):
            tail = zipf.get(word[cut:], 0.0)
            if tail < COMPOUND_MIN_ZIPF:
                continue
            head_word = word[:cut]
            head = self._head(head_word)
            if head:
                best = max(best, _combine(head, tail))
            elif depth == 0 and len(head_word) >= 2 * COMPOUND_MIN_HEAD:
                long_heads.append((head_word, tail))
        if best or not long_heads:
            return best
        # three parts only when two will not do: it is the slow path
        for head_word, tail in long_heads:
            stem = head_word[:-1] if head_word[-1] in "se" else head_word
            head = self._compound(stem, depth=1) - COMPOUND_PENALTY
            if head > 0:
                best = max(best, _combine(head, tail))
        return best


def _combine(head: float, tail: float) -> float:
    # the rarer part rules, but a common part still counts a little (møte|plasser beats
    # mote|plasser)
    low, high = (head, tail) if head < tail else (tail, head)
    return low + COMPOUND_OTHER_PART_WEIGHT * (high - low)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bokmål lexicon from wordfreq's offline Norwegian list (loaded once)."""
    from wordfreq import get_frequency_dict

    freqs = get_frequency_dict("nb")
    return Lexicon(zipf={w: math.log10(f) + 9.0 for w, f in freqs.items() if f > 0})


def _variants(word: str, rules: tuple[tuple[str, str, float], ...]) -> Iterator[tuple[str, float]]:
    """Every reading of ``word`` with up to MAX_EDITS non-overlapping confusions undone."""
    edits = [
        (pos, pos + len(seen), meant, cost)
        for pos in range(len(word))
        for seen, meant, cost in rules
        if word.startswith(seen, pos)
    ]
    for count in range(1, min(MAX_EDITS, len(edits)) + 1):
        for combo in combinations(edits, count):
            cost = sum(edit[3] for edit in combo)
            if cost > MAX_COST:
                continue
            # combinations keep position order, so overlap shows as a start before the last end
            pieces: list[str] = []
            cursor = 0
            for start, end, meant, _ in combo:
                if start < cursor:
                    break
                pieces += (word[cursor:start], meant)
                cursor = end
            else:
                yield "".join(pieces) + word[cursor:], cost


def _apply_case(pattern: str, word: str) -> str:
    letters = [ch for ch in pattern if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return word.upper()
    if pattern[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _rules(*, upper: bool, wrong_language: bool) -> tuple[tuple[str, str, float], ...]:
    rules = CONFUSIONS + UPPER_CONFUSIONS if upper else CONFUSIONS
    if wrong_language:
        rules = tuple((a, b, WRONG_LANGUAGE_COSTS.get((a, b), c)) for a, b, c in rules)
    return rules


def _scored_readings(token: str, lexicon: Lexicon, wrong_language: bool) -> list[tuple[str, float]]:
    """Lower-case readings of ``token`` that are words, each with its score (frequency - cost)."""
    lower = token.lower()
    # ordinary text trusts only listed words, never a compound guess
    score_of = lexicon.score if wrong_language else lexicon.listed
    min_score = MIN_CANDIDATE_ZIPF if wrong_language else MIN_PLAIN_CANDIDATE_ZIPF
    letters = [ch for ch in token if ch.isalpha()]
    upper = len(letters) > 1 and all(ch.isupper() for ch in letters)
    rules = _rules(upper=upper, wrong_language=wrong_language)
    starts = [(lower, 0.0)]
    if len(token) > 2 and token[0] == "I" and token[1].islower():
        starts.append(("l" + lower[1:], LEADING_I_COST))
    scored = []
    for start, start_cost in starts:
        readings = list(_variants(start, rules))
        if start_cost:
            readings.append((start, 0.0))
        for reading, cost in readings:
            listed = score_of(reading)
            if listed >= min_score:
                scored.append((reading, listed - cost - start_cost))
    return scored


@lru_cache(maxsize=100_000)
def _best_reading(token: str, lexicon: Lexicon, wrong_language: bool) -> tuple[str, float, float]:
    """(best lower-case reading, its score, score of the token as written)."""
    lower = token.lower()
    original = lexicon.score(lower)
    if len(token) > MAX_TOKEN:
        return lower, original, original  # no word is this long; its variants would explode
    if not wrong_language and (original > 0 or NORWEGIAN_LETTERS.intersection(lower)):
        # ordinary text: leave every word and compound alone, only mend unknown æøå-less tokens
        return lower, original, original
    best, best_score = lower, original
    for reading, score in _scored_readings(token, lexicon, wrong_language):
        if score > best_score:
            best, best_score = reading, score
    return best, best_score, original


@dataclass(frozen=True)
class Reading:
    """A possible reading of a token and its score (zipf frequency minus confusion cost)."""

    text: str
    score: float


def token_readings(
    token: str, *, lexicon: Lexicon | None = None, wrong_language: bool = True, limit: int = 5
) -> list[Reading]:
    """The best readings of ``token``, the token as written among them, best first (explanations)."""
    lexicon = lexicon or load_lexicon()
    lower = token.lower()
    scores = {lower: lexicon.score(lower)}
    for reading, score in _scored_readings(token, lexicon, wrong_language):
        scores[reading] = max(score, scores.get(reading, score))
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [
        Reading(text=_apply_case(token, text), score=round(score, 2)) for text, score in ranked
    ][:limit]


def repair_token(token: str, *, lexicon: Lexicon | None = None, allow_known: bool = True) -> str:
    """The most likely Norwegian reading of one word token, in the token's own letter case.

    ``allow_known`` lets a token that is itself a word (``far``) become a likelier one (``får``);
    switch it off for text that is not wrong-language OCR.
    """
    # single letters and symbols are decided by context in repair_changes, never alone
    if len(token) < 2 or any(ch.isdigit() for ch in token):
        return token
    lexicon = lexicon or load_lexicon()
    best, best_score, original = _best_reading(token, lexicon, allow_known)
    if best == token.lower():
        return token
    if lexicon.listed(token.lower()) >= MIN_KNOWN_ZIPF:
        if not allow_known or best_score < original + MARGIN_KNOWN:
            return token
    elif best_score < original + MARGIN_UNKNOWN:
        return token
    if token[0] == "I" and best[0] == "l" and token[1:2].islower():
        return best
    return _apply_case(token, best)


def _looks_like_url(chunk: str) -> bool:
    if "://" in chunk or "www." in chunk.lower() or "@" in chunk.strip("@"):
        return True
    if "/" in chunk and (any(ch.isdigit() for ch in chunk) or re.search(r"[.?=]\w", chunk)):
        return True
    return bool(re.search(r"\.(no|com|org|net|pdf|html?)\b", chunk.lower()))


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in CHUNK_RE.finditer(text) if _looks_like_url(m.group())]


def _is_lone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isspace() or before in '«("') and after.isspace()


def _next_word(text: str, end: int) -> str:
    match = TOKEN_RE.search(text, end)
    if not match or text[end : match.start()].strip(' \t\n«"“'):
        return ""
    return match.group()


def _prev_word(text: str, start: int) -> str:
    head = text[max(0, start - CONTEXT_CHARS) : start].rstrip(' \t«("')
    match = re.search(r"([0-9A-Za-zÀ-ÖØ-öø-ÿ]+)[.,:;]?$", head)
    return match.group(1) if match and not head.endswith((".", ":", ";")) else ""


def _sentence_start(text: str, start: int) -> bool:
    head = text[max(0, start - CONTEXT_CHARS) : start].rstrip(' \t\n«"“')
    return not head or head[-1] in ".!?:•"


def _infinitive_follows(following: str, lexicon: Lexicon) -> bool:
    verb = repair_token(following, lexicon=lexicon, allow_known=True).lower()
    # infinitives end in a vowel (styrke, bidra, få) or are deponent (lykkes, synes)
    looks_infinitive = verb[-1:] in tuple("aeiouyæøå") or verb.endswith("es")
    return len(verb) >= 2 and looks_infinitive and lexicon.score(verb) >= MIN_CANDIDATE_ZIPF


def _lone_aa(text: str, start: int, end: int, lexicon: Lexicon, allow_known: bool) -> str:
    """«å» or «Å» when a lone ``&``, ``3``, ``a`` … stands for the infinitive marker, else ""."""
    symbol = text[start:end]
    if symbol not in LONE_AA and symbol not in CAPITAL_AA or not _is_lone(text, start, end):
        return ""
    following = _next_word(text, end)
    if not following or not following[0].islower():
        return ""
    if symbol in "&@":
        return "Å" if _sentence_start(text, start) else "å"
    if not allow_known:
        return ""
    if symbol.isdigit():
        # a digit only after a lower-case word, not ``punkt 3 i`` or ``side 3``
        previous = _prev_word(text, start)
        if not previous or not previous[0].islower() or previous.isdigit():
            return ""
    if not _infinitive_follows(following, lexicon):
        return ""
    return "Å" if symbol.isupper() else "å"


def _norwegian_share(text: str) -> float:
    letters = sum(ch.isalpha() for ch in text)
    return sum(ch in NORWEGIAN_LETTERS for ch in text) / letters if letters else 0.0


def needs_repair(text: str, *, lexicon: Lexicon | None = None) -> bool:
    """Whether ``text`` looks like Norwegian OCR'd with a non-Norwegian language model.

    The signature: almost no æøå (normal bokmål has about 2 % of letters) while a fair share of
    the unknown tokens turn into listed words once a confusion is undone.
    """
    lexicon = lexicon or load_lexicon()
    if _norwegian_share(text) > 0.004:
        return False
    tokens = [m.group() for m in TOKEN_RE.finditer(text) if not any(c.isdigit() for c in m.group())]
    if len(tokens) < 5:
        return False
    fixable = sum(
        1 for tok in tokens if repair_token(tok, lexicon=lexicon, allow_known=False) != tok
    )
    return fixable >= max(2, 0.03 * len(tokens))


def repair_changes(
    text: str, *, lexicon: Lexicon | None = None, wrong_language: bool | None = None
) -> list[Change]:
    """Every replacement ``repair_text`` would make, in text order.

    ``wrong_language`` forces the text-level decision (None: ask ``needs_repair``); a caller
    that knows a page was OCR'd with the wrong model can say so for a page too short to tell.
    """
    lexicon = lexicon or load_lexicon()
    allow_known = needs_repair(text, lexicon=lexicon) if wrong_language is None else wrong_language
    protected = _protected_spans(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    changes: list[Change] = []

    def line_of(pos: int) -> int:
        return bisect_right(line_starts, pos)

    for match in BULLET_RE.finditer(text):
        pos = match.end() - 2
        changes.append(Change(old="e", new="•", start=pos, end=pos + 1, line=line_of(pos)))

    bullets = {change.start for change in changes}
    span_index = 0
    for match in TOKEN_RE.finditer(text):
        start, end = match.span()
        while span_index < len(protected) and protected[span_index][1] <= start:
            span_index += 1
        if span_index < len(protected) and protected[span_index][0] <= start:
            continue
        found = match.group()
        if start in bullets:
            continue
        new = _lone_aa(text, start, end, lexicon, allow_known) or repair_token(
            found, lexicon=lexicon, allow_known=allow_known
        )
        if new != found:
            changes.append(Change(old=found, new=new, start=start, end=end, line=line_of(start)))
    changes.sort(key=lambda c: c.start)
    return changes


def repair_text(
    text: str, *, lexicon: Lexicon | None = None, wrong_language: bool | None = None
) -> str:
    """``text`` with the wrong-language OCR confusions undone; line breaks are kept as they are."""
    pieces: list[str] = []
    cursor = 0
    for change in repair_changes(text, lexicon=lexicon, wrong_language=wrong_language):
        pieces.append(text[cursor : change.start])
        pieces.append(change.new)
        cursor = change.end
    pieces.append(text[cursor:])
    return "".join(pieces)
