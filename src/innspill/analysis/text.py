"""Norwegian text normalisation shared by search, classification and similarity.

Tokens are lower-cased words (letters and digits, hyphenated compounds split into
their parts); stems come from the Snowball Norwegian stemmer. The same functions
feed the SQLite full-text index and the query side, so a search for
«barnehagen» matches «barnehage».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("norwegian")
_STEMMER.maxCacheSize = 50_000

# A word: letters/digits, possibly joined by hyphens or apostrophes («NAV-ansatte»).
WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

# Function words that carry no topic. Kept short on purpose: stemming handles inflection.
STOPWORDS = frozenset(
    """
    alle allerede andre at av bare begge bli blir ble blitt bør da de dei deg dem den denne
    der dere deres det dette di din disse du eller en ene enn er et ett etter for fordi fra
    før ha hadde han hans har hennes her hva hvem hver hvilke hvilken hvis hvor hvordan
    hvorfor i ikke inn ingen jeg kan kanskje kun kunne man mange med meg mellom men mer mest
    min mot mye må måtte ned noe noen nå og også om opp oss over på samme seg selv sin sine
    sitt skal skulle slik som så til uten ut var ved vi vil ville vår være vært å
    """.split()
)


_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFC-normalise, drop control and invisible format characters (NUL included), collapse whitespace."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()


def words(text: str) -> list[str]:
    """Lower-cased words as written (hyphenated compounds kept whole)."""
    return [m.group(0).lower() for m in WORD_RE.finditer(normalise(text))]


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; a hyphenated compound yields its parts and the whole."""
    out: list[str] = []
    for word in words(text):
        if "-" in word:
            parts = [p for p in word.split("-") if p]
            out.extend(parts)
            out.append(word.replace("-", ""))
        else:
            out.append(word)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Norwegian stem of one lower-case word."""
    return _STEMMER.stemWord(word)


def stems(text: str, *, drop_stopwords: bool = False) -> list[str]:
    """Stems of the tokens of `text`, in order."""
    tokens = tokenize(text)
    if drop_stopwords:
        tokens = [t for t in tokens if t not in STOPWORDS]
    return [stem(t) for t in tokens]


def iter_word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stem) for every word in `text` as written, for highlighting."""
    for match in WORD_RE.finditer(text):
        word = match.group(0).lower()
        yield match.start(), match.end(), stem(word.replace("-", ""))
        if "-" in word:
            offset = match.start()
            for part in word.split("-"):
                if part:
                    yield offset, offset + len(part), stem(part)
                offset += len(part) + 1


def query_stems(query: str) -> list[str]:
    """Distinct stems of a user's search string, order kept; operators and punctuation are inert."""
    seen: dict[str, None] = {}
    for token in tokenize(query):
        seen.setdefault(stem(token), None)
    return list(seen)


def highlight_spans(text: str, wanted: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of words in `text` whose stem is in `wanted`, merged and sorted."""
    wanted_set = set(wanted)
    if not wanted_set:
        return []
    spans = sorted({(s, e) for s, e, st in iter_word_spans(text) if st in wanted_set})
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- Compound words -------------------------------------------------------------------------
# Norwegian writes compounds as one word («innvandrerorganisasjonene»). The head (last part)
# says what the word is about, so classification also looks at the parts. Known words come
# from wordfreq's Norwegian list (installed with the project, no download).

_MIN_PART = 4


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    import wordfreq

    return frozenset(w for w in wordfreq.top_n_list("nb", 60_000) if len(w) >= _MIN_PART - 1)


def _is_known_modifier(part: str, known: frozenset[str]) -> bool:
    # A linking «s» or «e» joins many compounds: arbeid-s-giver, barn-e-hage.
    return part in known or (part[-1:] in "se" and part[:-1] in known and len(part) > _MIN_PART)


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Parts of a lower-case compound word (modifiers then head), or () if it is not one."""
    if "-" in word:
        return tuple(p for p in word.split("-") if p)
    if len(word) < 2 * _MIN_PART - 1:
        return ()
    known = _known_words()
    # Longest head first: «innvandrer|organisasjonene» rather than «innvandrerorganisa|sjonene».
    for cut in range(_MIN_PART - 1, len(word) - _MIN_PART + 1):
        head, modifier = word[cut:], word[:cut]
        if head in known and _is_known_modifier(modifier, known):
            whole = modifier in known or modifier[:-1] in known
            inner = () if whole else compound_parts(modifier)
            return (*(inner or (modifier,)), head)
    return ()
