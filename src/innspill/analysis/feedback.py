"""Evaluation comments sorted into what they are about: the program, the practical matters, the
venue, the time, the language, the sessions, or something else.

The input themes (adult education, work, housing …) say what an input asks society to do; an
evaluation comment is about the conference itself, so it gets its own small set of categories.
The lexicon is written from general Norwegian words for each category (not picked from any
survey's answers). A plain entry is compared by Snowball stem with a word or with a part of a
compound («lunsjpausen» has the parts lunsj + pausen); an entry ending in «*» is a prefix of
the lower-cased word or part as written; adjectives in «-lig» are prefixes, because the stemmer
cuts «punktlig» to «punkt» and «tidlig» to «tid». A compound's head (last part) counts fully, its
modifiers at half weight, so «lydanlegget» is about the venue and «programkomiteen» mostly not
about the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from innspill.analysis.text import STOPWORDS, compound_parts, stem, words

# Order settles ties: a comment naming the program and how it was sent is first about the program.
CATEGORIES = ("program", "sessions", "practical", "venue", "time", "language", "other")
OTHER = "other"

# category → {term: weight}. 1.0: the word alone settles the category; 0.5: a hint.
TERMS: dict[str, dict[str, float]] = {
    "program": {
        "program": 1.0,
        "agenda": 1.0,
        "dagsorden": 1.0,
        "innhold": 1.0,
        "tema": 1.0,
        "tematikk": 1.0,
        "innlegg": 1.0,
        "foredrag": 1.0,
        "foredragsholder": 1.0,
        "innleder": 1.0,
        "taler": 0.8,
        "hovedinnlegg": 1.0,
        "plenum": 1.0,
        "panel": 1.0,
        "paneldebatt": 1.0,
        "debatt": 0.6,
        "presentasjon": 0.7,
        "faglig*": 0.8,
        "relevant": 0.6,
        "relevans": 0.6,
        "aktuell": 0.5,
        "perspektiv": 0.5,
        "kunnskap": 0.5,
        "forskning": 0.6,
        "eksempel": 0.5,
        "variasjon": 0.5,
        "kjedelig*": 0.5,
        "inspirerende": 0.6,
        "lærerik": 0.6,
    },
    "sessions": {
        "sesjon": 1.0,
        "parallellsesjon": 1.0,
        "gruppe": 0.9,
        "gruppearbeid": 1.0,
        "gruppesamtale": 1.0,
        "diskusjon": 1.0,
        "diskutere": 1.0,
        "samtale": 0.8,
        "dialog": 0.8,
        "workshop": 1.0,
        "verksted": 1.0,
        "ordstyrer": 1.0,
        "møteleder": 1.0,
        "sesjonsleder": 1.0,
        "fasilitator": 1.0,
        "fasilitering": 1.0,
        "referent": 1.0,
        "rapportør": 1.0,
        "bordet": 0.6,
        "medvirkning": 0.8,
        "innspill": 0.7,
        "erfaringsutveksling": 1.0,
        "komme til orde": 1.0,
        "dominere": 0.8,
        "deltaker": 0.5,
    },
    "practical": {
        "påmelding": 1.0,
        "påmeldingsskjema": 1.0,
        "registrering": 0.8,
        "invitasjon": 1.0,
        "informasjon": 0.9,
        "info": 0.9,
        "beskjed": 0.8,
        "e-post": 1.0,
        "epost": 1.0,
        "lenke": 0.8,
        "nettside": 0.8,
        "send": 0.9,
        "sende": 0.9,
        "sendt": 0.9,
        "utsending": 1.0,
        "forhånd": 0.8,
        "dele": 0.5,
        "mat": 1.0,
        "lunsj": 1.0,
        "servering": 1.0,
        "kaffe": 1.0,
        "te": 0.5,
        "frukt": 1.0,
        "middag": 1.0,
        "kake": 1.0,
        "vegetar*": 1.0,
        "allergi": 1.0,
        "kosthold": 1.0,
        "navneskilt": 1.0,
        "navnelapp": 1.0,
        "garderobe": 1.0,
        "billett": 1.0,
        "reiseutgift": 1.0,
        "refusjon": 1.0,
        "kostnad": 0.7,
        "pris": 0.7,
        "gratis": 0.8,
        "deltakerliste": 1.0,
        "materiell": 0.8,
        "organisering": 0.6,
        "arrangør": 0.6,
        "praktisk": 1.0,
    },
    "venue": {
        "lokale": 1.0,
        "sal": 1.0,
        "rom": 0.8,
        "lyd": 1.0,
        "lydanlegg": 1.0,
        "mikrofon": 1.0,
        "akustikk": 1.0,
        "høyttaler": 1.0,
        "skjerm": 0.8,
        "projektor": 1.0,
        "lerret": 1.0,
        "lys": 0.6,
        "luft": 1.0,
        "ventilasjon": 1.0,
        "temperatur": 1.0,
        "varm": 0.6,
        "kald": 0.6,
        "stol": 1.0,
        "sitteplass": 1.0,
        "trang": 0.8,
        "trangt": 0.8,
        "sted": 0.7,
        "hotell": 1.0,
        "konferansesenter": 1.0,
        "beliggenhet": 1.0,
        "tilgjengelig*": 0.6,
        "rullestol": 1.0,
        "heis": 1.0,
        "trapp": 1.0,
        "toalett": 1.0,
        "parkering": 1.0,
        "buss": 0.8,
        "tog": 0.8,
        "kollektiv*": 0.8,
        "adkomst": 1.0,
        "wifi": 1.0,
        "trådløst": 1.0,
        "nettverk": 0.4,
        "strøm": 0.6,
        "stikkontakt": 1.0,
        "uteområde": 1.0,
    },
    "time": {
        "tid": 1.0,
        "tidspunkt": 1.0,
        "tidsplan": 1.0,
        "tidsramme": 1.0,
        "dato": 1.0,
        "tidlig*": 0.6,
        "senere": 0.6,
        "lang": 0.7,
        "lengre": 0.7,
        "kort": 0.7,
        "kortere": 0.7,
        "varighet": 1.0,
        "time": 0.8,
        "minutt": 1.0,
        "klokka": 1.0,
        "pause": 0.8,
        "forsinket": 1.0,
        "forsinkelse": 1.0,
        "overtid": 1.0,
        "presis": 0.8,
        "punktlig*": 1.0,
        "rekke": 0.6,
        "hektisk": 1.0,
        "tettpakket": 1.0,
        "stram": 0.6,
        "heldag": 1.0,
        "halvdag": 1.0,
        "ettermiddag": 0.8,
        "formiddag": 0.8,
        "kveld": 0.8,
        "dag": 0.4,
        "to dager": 1.0,
        "uke": 0.6,
        "helg": 0.8,
        "skoleferie": 1.0,
        "høstferie": 1.0,
    },
    "language": {
        "språk": 1.0,
        "engelsk": 1.0,
        "norsk": 0.8,
        "nynorsk": 1.0,
        "bokmål": 1.0,
        "tolk": 1.0,
        "tolking": 1.0,
        "oversettelse": 1.0,
        "oversette": 1.0,
        "oversatt": 1.0,
        "teksting": 1.0,
        "tegnspråk": 1.0,
        "forstå": 0.8,
        "forståelig*": 1.0,
        "uforståelig*": 1.0,
        "fagspråk": 1.0,
        "fagord": 1.0,
        "sjargong": 1.0,
        "forkortelse": 1.0,
        "klarspråk": 1.0,
        "lettlest": 1.0,
        "morsmål": 1.0,
        "arabisk": 1.0,
        "somali": 1.0,
        "somalisk": 1.0,
        "tigrinja": 1.0,
        "ukrainsk": 1.0,
        "dari": 1.0,
        "persisk": 1.0,
        "polsk": 1.0,
        "russisk": 1.0,
    },
}

_MODIFIER_WEIGHT = 0.5
# Below this, only hints were found («fin dag»): too little to call the comment about time.
_MIN_SCORE = 0.5


_VOWELS = frozenset("aeiouyæøå")


def _forms(word: str) -> set[str]:
    """The word and its usual inflected forms: the stemmer leaves «programmet» as «programm»
    but «program» as «program», so an entry is matched through the forms it takes."""
    forms = {word}
    base = word[:-1] if word.endswith("e") else word
    forms.update(base + end for end in ("e", "en", "et", "er", "ene", "a", "ne", "t"))
    if len(word) >= 3 and word[-1] not in _VOWELS and word[-2] in _VOWELS:
        doubled = word + word[-1]
        forms.update(doubled + end for end in ("e", "en", "et", "er", "ene", "a"))
    return forms


def _keys(term: str) -> set[tuple[str, ...]]:
    """A term as the stems of its words (a phrase is a tuple of several), each form of a word."""
    parts = words(term)
    if len(parts) == 1:
        return {(stem(form),) for form in _forms(parts[0])}
    return {tuple(stem(w) for w in parts)}


def _index() -> tuple[dict[tuple[str, ...], list[tuple[str, float]]], list[tuple[str, str, float]]]:
    """Stems (one per word of an entry) → [(category, weight)], and the «*» prefixes.

    Two entries of a category that share a stem («send», «sende») count once, at the higher weight.
    """
    by_key: dict[tuple[str, ...], dict[str, float]] = {}
    prefixes: list[tuple[str, str, float]] = []
    for category, terms in TERMS.items():
        for term, weight in terms.items():
            if term.endswith("*"):
                prefixes.append((term[:-1], category, weight))
                continue
            for key in _keys(term):
                slot = by_key.setdefault(key, {})
                slot[category] = max(weight, slot.get(category, 0.0))
    return {k: list(v.items()) for k, v in by_key.items()}, prefixes


_STEMS, _PREFIXES = _index()
_LONGEST = max(len(k) for k in _STEMS)


@dataclass(frozen=True, slots=True)
class Categorised:
    text: str
    category: str
    scores: dict[str, float]  # only the categories with a hit


@lru_cache(maxsize=50_000)
def _word_hits(word: str) -> tuple[tuple[str, float], ...]:
    """(category, weight) for one lower-case word: the whole word, else its compound parts."""
    whole = stem(word.replace("-", ""))
    hits = list(_STEMS.get((whole,), []))
    hits += [(c, w) for prefix, c, w in _PREFIXES if word.startswith(prefix)]
    if hits:
        return tuple(hits)
    parts = compound_parts(word)
    for i, part in enumerate(parts):
        factor = 1.0 if i == len(parts) - 1 else _MODIFIER_WEIGHT
        found = list(_STEMS.get((stem(part),), []))
        found += [(c, w) for prefix, c, w in _PREFIXES if part.startswith(prefix)]
        hits += [(c, w * factor) for c, w in found]
    return tuple(hits)


def scores(text: str) -> dict[str, float]:
    """Summed weights per category of the words and phrases in `text`."""
    found: dict[str, float] = {}
    tokens = words(text)
    stems_ = [stem(t.replace("-", "")) for t in tokens]
    for i, token in enumerate(tokens):
        if token not in STOPWORDS:
            for category, weight in _word_hits(token):
                found[category] = found.get(category, 0.0) + weight
        for n in range(2, min(_LONGEST, len(tokens) - i) + 1):
            for category, weight in _STEMS.get(tuple(stems_[i : i + n]), []):
                found[category] = found.get(category, 0.0) + weight
    return found


def categorise(text: str) -> Categorised:
    """The category with the highest score; «other» when no word of the lexicon, or only weak
    hints, occur."""
    found = scores(text)
    best = max(CATEGORIES, key=lambda c: (found.get(c, 0.0), -CATEGORIES.index(c)))
    if found.get(best, 0.0) < _MIN_SCORE:
        best = OTHER
    return Categorised(text=text, category=best, scores=found)


def categorise_many(texts: list[str]) -> list[Categorised]:
    return [categorise(t) for t in texts]
