"""Themes, actors and kind for every input: lexicon + linear model over Norwegian word features.

Every word is turned once into a feature vector (its Snowball stem, the stems of its compound
parts, its character 3–5-grams, its lexicon hits); an input is the sum of its words' vectors
divided by √(number of words). The model is linear, so each word's contribution to every theme
score is precomputed and an input's scores are one sparse product — this is what makes batch
classification fast, and it also gives the exact terms that weighed most (`why`).
"""

from __future__ import annotations

import hashlib
import inspect
import io
import json
import math
import re
import textwrap
import threading
import tokenize
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from innspill.analysis import lexicon, text
from innspill.analysis.lexicon import (
    ACTOR_TERMS,
    BARRIER_SOFT,
    COMPARATIVE_OPENERS,
    IMMIGRANT_SUBJECTS,
    KIND_CUES,
    KIND_HEADINGS,
    KIND_RULES,
    KIND_RULES_STRICT,
    THEME_TERMS,
    TILTAK_OPENERS,
)
from innspill.analysis.text import STOPWORDS, WORD_RE, compound_parts, stem
from innspill.analysis.vocabulary import ACTOR_KEYS, KIND_KEYS, THEME_KEYS

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "classifier_model.npz"
MAX_SECONDARY = 3
WHY_TERMS = 3
_WHY_SHARE = 0.25
_PART_WEIGHT = 0.5
_CHAR_NGRAMS = (3, 4, 5)


@dataclass(frozen=True, slots=True)
class Classification:
    """What one input is about, whom it addresses and what kind of input it is."""

    text: str
    theme: str
    themes: tuple[str, ...]  # primary first, then secondary themes
    confidence: float  # primary's model probability plus lexicon evidence, scaled to [0, 1]
    actors: tuple[str, ...]  # in ACTOR_KEYS order
    kind: str
    why: tuple[str, ...]  # words of the input that weighed most for the primary theme

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "theme": self.theme,
            "themes": list(self.themes),
            "confidence": self.confidence,
            "actors": list(self.actors),
            "kind": self.kind,
            "why": list(self.why),
        }


@dataclass(frozen=True, slots=True)
class Params:
    """Settings chosen before training or by cross-validation inside the training data."""

    lexicon_weight: float = 0.3  # how much a lexicon hit adds to a theme's probability
    threshold: float = 0.35  # a secondary theme needs at least this score…
    ratio: float = 0.5  # …and at least this share of the primary's score
    char_weight: float = 0.6  # weight of a word's character n-grams beside its stems
    c_theme: float = 8.0
    c_kind: float = 2.0
    kind_rules: str = "broad"  # wording cues that settle tiltak/barriere: broad, strict or none
    # A heading that says tiltak or barriere («Hemmer integrering»): "wins" over everything,
    # or "cues" — a wording rule in the input itself that settles the other of the two wins.
    heading_rule: str = "wins"
    lexicon_features: float = 0.0  # scale of the lexicon evidence as theme-model features (0: off)
    # Weight of the headings an input stood under (session title, group heading) as lexicon
    # evidence for its themes, relative to the input's own words (0: headings ignored).
    context_weight: float = 0.0
    # Per-theme secondary thresholds (THEME_KEYS order) replacing `threshold`; () for none.
    theme_thresholds: tuple[float, ...] = ()


# --- Lexicon lookup ---------------------------------------------------------------------------


class _TermMatcher:
    """Maps a word (stems and surfaces of it and its parts) to hits in numbered columns.

    Plain terms match by stem; «term*» matches any surface starting with «term». Lookups go by
    dictionary, one per prefix length, so a word costs a few microseconds however long the
    lexicon grows.
    """

    def __init__(self, columns: Sequence[Iterable[tuple[str, float]]]) -> None:
        self.width = len(columns)
        self.exact: dict[str, list[tuple[int, float]]] = {}
        self.prefix: dict[str, list[tuple[int, float]]] = {}
        for col, terms in enumerate(columns):
            for term, weight in terms:
                if term.endswith("*"):
                    self.prefix.setdefault(term[:-1], []).append((col, weight))
                else:
                    self.exact.setdefault(stem(term), []).append((col, weight))
        self.lengths = sorted({len(p) for p in self.prefix})

    def match(self, surfaces: Sequence[str], stems_: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.width, dtype=np.float32)
        found: list[tuple[int, float]] = []
        for s in stems_:
            found.extend(self.exact.get(s, ()))
        for w in surfaces:
            for n in self.lengths:
                if n > len(w):
                    break
                found.extend(self.prefix.get(w[:n], ()))
        for col, weight in found:
            if weight > out[col]:
                out[col] = weight
        return out


_THEME_MATCHER = _TermMatcher([THEME_TERMS.get(key, {}).items() for key in THEME_KEYS])
# Actor columns: one per actor for single terms, then one per half of every «a+b» rule.
_actor_columns: list[list[tuple[str, float]]] = [
    [(t, 1.0) for t in ACTOR_TERMS.get(key, ()) if "+" not in t] for key in ACTOR_KEYS
]
_ACTOR_PAIRS: list[tuple[int, int, int]] = []  # (actor index, column a, column b)
for _i, _key in enumerate(ACTOR_KEYS):
    for _term in ACTOR_TERMS.get(_key, ()):
        if "+" in _term:
            _a, _b = _term.split("+")
            _ACTOR_PAIRS.append((_i, len(_actor_columns), len(_actor_columns) + 1))
            _actor_columns.extend([[(_a, 1.0)], [(_b, 1.0)]])
_ACTOR_MATCHER = _TermMatcher(_actor_columns)
_KIND_MATCHER = _TermMatcher([[(t, 1.0) for t in KIND_CUES.get(key, ())] for key in KIND_KEYS])
_RULE_KINDS = ("tiltak", "barriere")
_ERFARING = KIND_KEYS.index("erfaring")
# Columns: broad tiltak, broad barriere, strict tiltak, strict barriere, soft barriere.
_RULE_MATCHER = _TermMatcher(
    [[(t, 1.0) for t in rules[k]] for rules in (KIND_RULES, KIND_RULES_STRICT) for k in _RULE_KINDS]
    + [[(t, 1.0) for t in BARRIER_SOFT]]
)
_RULE_COLUMNS = {"broad": (0, 1), "strict": (2, 3)}
RULE_WIDTH = _RULE_MATCHER.width  # columns of WordInfo.rules
_SOFT_BARRIER = 4
_IMMIGRANTS = ACTOR_KEYS.index("innvandrere")
_MODALS = frozenset(("bør", "må", "burde", "skal", "oppfordres", "bes"))


def heading_parts(heading: str | None) -> list[str]:
    """The headings of «session title / group heading», outermost first, repeats dropped."""
    if not heading:
        return []
    return list(dict.fromkeys(p.strip() for p in heading.split(" / ") if p.strip()))


def kind_from_heading(heading: str | None) -> str | None:
    """The kind a heading settles («… / Hemmer integrering» → barriere), if any; the innermost
    heading that settles one wins."""
    for part in reversed(heading_parts(heading)):
        low = re.sub(r"^[\d.\s]+", "", part.lower())
        for cue, kind in KIND_HEADINGS:
            if low.startswith(cue):
                return kind
    return None


# --- Word analysis ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordInfo:
    """Everything the classifier needs from one lower-case word, computed once per word."""

    terms: dict[str, float]  # stem features (stopwords dropped), compound parts at half weight
    kind_terms: dict[str, float]  # stems including function words («bør», «må», «ikke»)
    chars: dict[str, float]
    lexicon: np.ndarray  # per theme
    actors: np.ndarray  # per actor column
    cues: np.ndarray  # per kind
    rules: np.ndarray  # strong cues: broad (tiltak, barriere), strict (tiltak, barriere)
    stem: str  # Snowball stem of the whole word (function words included)
    opener: bool  # proposes something when it opens an input («Utvid …», «Økt bruk …»)
    immigrant_subject: bool  # «Innvandrere …» opening an input that asks someone to act


@lru_cache(maxsize=100_000)
def analyse_word(word: str) -> WordInfo:
    """Features of one lower-case word."""
    parts = compound_parts(word)
    flat = word.replace("-", "")
    whole = stem(flat)
    part_stems = [stem(p) for p in parts]
    terms: dict[str, float] = {}
    if word not in STOPWORDS:
        terms[whole] = 1.0
        for ps in part_stems:
            if ps != whole and ps not in STOPWORDS:
                terms[ps] = max(terms.get(ps, 0.0), _PART_WEIGHT)
    padded = f"<{flat}>"
    chars: dict[str, float] = {}
    for n in _CHAR_NGRAMS:
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            chars[gram] = chars.get(gram, 0.0) + 1.0
    surfaces = (flat, *parts)
    stems_ = (whole, *part_stems)
    lexicon = _THEME_MATCHER.match(surfaces, stems_)
    actors = _ACTOR_MATCHER.match(surfaces, stems_)
    # Kind cues look at the word itself only: «ikke» inside a compound means nothing.
    cues = _KIND_MATCHER.match((flat,), (whole,))
    rules = _RULE_MATCHER.match((flat,), (whole,))
    # The kind model sees only function words and cue words: topic words would teach it which
    # report an input came from rather than whether it proposes, complains or tells.
    kind_terms = {whole: 1.0} if word in STOPWORDS or cues.any() else {}
    return WordInfo(
        terms=terms,
        kind_terms=kind_terms,
        chars=chars,
        lexicon=lexicon,
        actors=actors,
        cues=cues,
        rules=rules,
        stem=whole,
        opener=word in TILTAK_OPENERS,
        immigrant_subject=word in IMMIGRANT_SUBJECTS,
    )


def words_of(text: str) -> list[str]:
    """Lower-cased words of an input, the same way for training and classification."""
    return WORD_RE.findall(unicodedata.normalize("NFC", text).lower())


# --- The model --------------------------------------------------------------------------------


@dataclass
class Model:
    """A trained classifier: feature vocabularies, idf weights and linear coefficients."""

    params: Params
    term_index: dict[str, int]
    term_idf: np.ndarray
    char_index: dict[str, int]
    char_idf: np.ndarray
    kind_index: dict[str, int]
    kind_idf: np.ndarray
    theme_coef: np.ndarray  # (themes, terms + chars)
    theme_intercept: np.ndarray
    kind_coef: np.ndarray  # (kinds, kind terms + cues)
    kind_intercept: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)
    # Lexicon evidence as theme-model features: (themes, themes), None when not used.
    theme_lex_coef: np.ndarray | None = None
    # Input-level kind cues (see `kind_extras`): (kinds, KIND_EXTRAS), None when not used.
    kind_extra_coef: np.ndarray | None = None
    _tables: _WordTables | None = field(default=None, repr=False)

    def tables(self) -> _WordTables:
        if self._tables is None:
            self._tables = _WordTables(self)
        return self._tables

    # Feature vectors of one word, in the model's feature space.
    def word_theme_vector(self, info: WordInfo) -> tuple[np.ndarray, np.ndarray]:
        idx, val = [], []
        for t, v in info.terms.items():
            j = self.term_index.get(t)
            if j is not None:
                idx.append(j)
                val.append(v * self.term_idf[j])
        cidx, cval = [], []
        for g, v in info.chars.items():
            j = self.char_index.get(g)
            if j is not None:
                cidx.append(len(self.term_index) + j)
                cval.append(v * self.char_idf[j])
        if cval:
            c = np.asarray(cval)
            c *= self.params.char_weight / math.sqrt(float(c @ c))
            val.extend(c.tolist())
            idx.extend(cidx)
        return np.asarray(idx, dtype=np.int64), np.asarray(val, dtype=np.float64)

    def word_kind_vector(self, info: WordInfo) -> tuple[np.ndarray, np.ndarray]:
        idx, val = [], []
        for t, v in info.kind_terms.items():
            j = self.kind_index.get(t)
            if j is not None:
                idx.append(j)
                val.append(v * self.kind_idf[j])
        base = len(self.kind_index)
        for k, v in enumerate(info.cues):
            if v:
                idx.append(base + k)
                val.append(float(v))
        return np.asarray(idx, dtype=np.int64), np.asarray(val, dtype=np.float64)

    def word_first_kind_vector(self, info: WordInfo) -> tuple[np.ndarray, np.ndarray]:
        """The word as the first of an input: «^stem» («Styrk …», «Hvordan …»)."""
        j = self.kind_index.get("^" + info.stem)
        if j is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return np.asarray([j], dtype=np.int64), np.asarray([self.kind_idf[j]], dtype=np.float64)


KIND_EXTRAS = 7


def kind_extras(
    rule_hits: np.ndarray, opener: np.ndarray, question: np.ndarray, lens: np.ndarray
) -> np.ndarray:
    """Input-level kind cues: any broad/strict tiltak/barriere cue, an opening imperative, a
    question mark, a short bullet."""
    return np.column_stack(
        [
            rule_hits[:, :4] > 0,
            opener,
            question,
            lens <= 8,
        ]
    ).astype(np.float64)


class _WordTables:
    """Per-word rows (theme scores, kind scores, lexicon, actors) grown as new words appear."""

    _LIMIT = 2_000_000  # words; beyond this the table restarts rather than grow without bound

    def __init__(self, model: Model) -> None:
        self.model = model
        # Web workers may classify from several threads; the tables grow in place.
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.index: dict[str, int] = {}
        self.words: list[str] = []
        n_t, n_k = len(THEME_KEYS), len(KIND_KEYS)
        n_a = _ACTOR_MATCHER.width
        self.theme = np.zeros((0, n_t), dtype=np.float64)
        self.kind = np.zeros((0, n_k), dtype=np.float64)
        self.kind_first = np.zeros((0, n_k), dtype=np.float64)
        self.lexicon = np.zeros((0, n_t), dtype=np.float64)
        self.actors = np.zeros((0, n_a), dtype=np.float64)
        self.rules = np.zeros((0, _RULE_MATCHER.width), dtype=np.float64)
        self.opener = np.zeros(0, dtype=np.float64)
        self.opener_verb = np.zeros(0, dtype=np.float64)
        self.immigrant_subject = np.zeros(0, dtype=bool)
        self.modal = np.zeros(0, dtype=np.float64)
        self.kind_cue_erfaring = np.zeros(0, dtype=np.float64)
        # Row 0 is the end-of-input marker of batch tokenising; it scores nothing.
        self.add([_END])

    def add(self, new_words: Sequence[str]) -> None:
        if len(self.words) + len(new_words) > self._LIMIT:
            self.reset()
            new_words = [w for w in new_words if w != _END]
        m = self.model
        rows_t, rows_k, rows_l, rows_a, rows_r, rows_f = [], [], [], [], [], []
        rows_e: list[float] = []
        rows_o: list[float] = []
        rows_v: list[float] = []
        rows_s: list[bool] = []
        rows_m: list[float] = []
        for word in new_words:
            info = analyse_word(word)
            idx, val = m.word_theme_vector(info)
            rows_t.append(m.theme_coef[:, idx] @ val if len(idx) else np.zeros(len(THEME_KEYS)))
            idx, val = m.word_kind_vector(info)
            rows_k.append(m.kind_coef[:, idx] @ val if len(idx) else np.zeros(len(KIND_KEYS)))
            idx, val = m.word_first_kind_vector(info)
            rows_f.append(m.kind_coef[:, idx] @ val if len(idx) else np.zeros(len(KIND_KEYS)))
            rows_l.append(info.lexicon)
            rows_a.append(info.actors)
            rows_r.append(info.rules)
            rows_o.append(float(info.opener))
            rows_v.append(float(info.opener and word not in COMPARATIVE_OPENERS))
            rows_s.append(info.immigrant_subject)
            rows_m.append(float(word in _MODALS))
            rows_e.append(float(info.cues[_ERFARING]))
            self.index[word] = len(self.words)
            self.words.append(word)
        self.theme = np.vstack([self.theme, np.asarray(rows_t)])
        self.kind = np.vstack([self.kind, np.asarray(rows_k)])
        self.kind_first = np.vstack([self.kind_first, np.asarray(rows_f)])
        self.lexicon = np.vstack([self.lexicon, np.asarray(rows_l, dtype=np.float64)])
        self.actors = np.vstack([self.actors, np.asarray(rows_a, dtype=np.float64)])
        self.rules = np.vstack([self.rules, np.asarray(rows_r, dtype=np.float64)])
        self.opener = np.concatenate([self.opener, np.asarray(rows_o)])
        self.opener_verb = np.concatenate([self.opener_verb, np.asarray(rows_v)])
        self.immigrant_subject = np.concatenate(
            [self.immigrant_subject, np.asarray(rows_s, dtype=bool)]
        )
        self.modal = np.concatenate([self.modal, np.asarray(rows_m)])
        self.kind_cue_erfaring = np.concatenate([self.kind_cue_erfaring, np.asarray(rows_e)])

    def ids(self, flat: list[str]) -> np.ndarray:
        get = self.index.get
        ids = [get(w, -1) for w in flat]
        if -1 in ids:
            missing = list(dict.fromkeys(w for w, i in zip(flat, ids, strict=True) if i == -1))
            self.add(missing)
            get = self.index.get
            ids = [get(w, -1) for w in flat]
        return np.asarray(ids, dtype=np.int64)


# Marks the end of each input when a whole batch is tokenised in one regex pass. It is a word
# to WORD_RE, so it comes back as a token; texts that contain it take the slow path.
_END = "ǂǂǂ"


_SEP = f" {_END} "


def _doc_word_matrix(
    tables: _WordTables, texts: Sequence[str]
) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """(inputs × known words) count matrix, words per input, and each input's first word (row 0
    — the marker row, which scores nothing — for an empty input)."""
    joined = _SEP.join(texts)
    if _END[0] in joined.replace(_SEP, " "):
        # A text contains the marker character: tokenise text by text.
        toks = [words_of(t) for t in texts]
        lens = np.fromiter((len(t) for t in toks), dtype=np.int64, count=len(toks))
        ids = tables.ids(list(chain.from_iterable(toks)))
    else:
        ids = tables.ids(words_of(joined + _SEP))
        is_end = ids == 0
        lens = np.diff(np.flatnonzero(is_end), prepend=-1) - 1
        ids = ids[~is_end]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lens, out=indptr[1:])
    if len(ids):
        first = np.where(lens > 0, ids[np.minimum(indptr[:-1], len(ids) - 1)], 0)
    else:
        first = np.zeros(len(texts), dtype=np.int64)
    counts = sp.csr_matrix(
        (np.ones(len(ids), dtype=np.float64), ids, indptr), shape=(len(texts), len(tables.words))
    )
    counts.sum_duplicates()
    return counts, lens, first


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True, slots=True)
class _Scores:
    combined: np.ndarray  # (inputs, themes)
    kind: np.ndarray  # (inputs, kinds)
    actors: np.ndarray  # (inputs, actors) bool
    counts: sp.csr_matrix
    # Snapshots of the word tables taken under the lock (growing replaces, never mutates them).
    theme_rows: np.ndarray
    lexicon_rows: np.ndarray
    words: list[str]


def _score(model: Model, texts: Sequence[str], groups: Sequence[str | None] | None) -> _Scores:
    tables = model.tables()
    with tables.lock:
        return _score_locked(model, tables, texts, groups)


def _lexicon_evidence(present: sp.csr_matrix, lexicon_rows: np.ndarray) -> np.ndarray:
    """Per input and theme, 1 − exp(−summed lexicon weights of the words present (0/1))."""
    return 1.0 - np.exp(-(present @ lexicon_rows))


def _context_evidence(tables: _WordTables, groups: Sequence[str | None]) -> np.ndarray:
    """Lexicon evidence of each input's headings; each distinct heading is read once."""
    distinct = list(dict.fromkeys(g or "" for g in groups))
    present, _, _ = _doc_word_matrix(tables, [" ".join(heading_parts(g)) for g in distinct])
    present.data[:] = 1.0
    evidence = _lexicon_evidence(present, tables.lexicon)
    row = {g: i for i, g in enumerate(distinct)}
    return evidence[[row[g or ""] for g in groups]]


def _score_locked(
    model: Model, tables: _WordTables, texts: Sequence[str], groups: Sequence[str | None] | None
) -> _Scores:
    # Headings first: reading them may add words to the tables, which the inputs' matrices
    # below must already include.
    context = None
    if groups is not None and model.params.context_weight > 0:
        context = _context_evidence(tables, groups)
    counts, lens, first = _doc_word_matrix(tables, texts)
    scale = 1.0 / np.sqrt(np.maximum(lens, 1)).astype(np.float64)
    theme = (counts @ tables.theme) * scale[:, None] + model.theme_intercept
    kind = (counts @ tables.kind) * scale[:, None] + model.kind_intercept
    kind += np.where((lens > 0)[:, None], tables.kind_first[first], 0.0)
    present = counts.copy()
    present.data[:] = 1.0
    rule_hits = counts @ tables.rules
    question = np.fromiter(("?" in t for t in texts), dtype=bool, count=len(texts))
    opener = tables.opener[first] * (lens > 0)
    if model.kind_extra_coef is not None:
        kind += kind_extras(rule_hits, opener, question, lens) @ model.kind_extra_coef.T
    kind = _apply_kind_rules(
        kind,
        rule_hits,
        _erfaring_evidence(texts, present, tables),
        model.params.kind_rules,
        opens_request=(opener > 0) & ~question,
        opens_verb=(tables.opener_verb[first] > 0) & (lens > 0) & ~question,
    )
    lex = _lexicon_evidence(present, tables.lexicon)
    if model.theme_lex_coef is not None:
        theme += (model.params.lexicon_features * lex) @ model.theme_lex_coef.T
    if context is not None:
        lex = lex + model.params.context_weight * context
    combined = _sigmoid(theme) + model.params.lexicon_weight * lex
    hit = (present @ tables.actors) > 0
    actors = hit[:, : len(ACTOR_KEYS)].copy()
    # The immigrants themselves are addressed when they are the subject of a request:
    # «Innvandrere må investere noe selv», «Innvandrerorganisasjonene bør …» is not this.
    modal = (present @ tables.modal) > 0
    actors[:, _IMMIGRANTS] |= tables.immigrant_subject[first] & modal & (lens > 0)
    for actor, a, b in _ACTOR_PAIRS:
        actors[:, actor] |= hit[:, a] & hit[:, b]
    return _Scores(
        combined=combined,
        kind=kind,
        actors=actors,
        counts=counts,
        theme_rows=tables.theme,
        lexicon_rows=tables.lexicon,
        words=tables.words,
    )


# A proper name inside the sentence (a place, a project, an organisation) marks a shared example.
_NAME_RE = re.compile(r"(?<=[\s(«])(?!Norges?\b|Europa\b|Norden\b)[A-ZÆØÅ][a-zæøå]+")


def _erfaring_evidence(
    texts: Sequence[str], present: sp.csr_matrix, tables: _WordTables
) -> np.ndarray:
    """Inputs that could be an experience: a cue word («erfaring», «fikk») or a proper name."""
    cue = (present @ tables.kind_cue_erfaring) > 0
    # One regex pass over the whole batch; a match at a text's first character is just the
    # capital that starts the sentence.
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum([len(t) + len(_SEP) for t in texts[:-1]], out=starts[1:])
    pos = np.fromiter((m.start() for m in _NAME_RE.finditer(_SEP.join(texts))), dtype=np.int64)
    doc = np.searchsorted(starts, pos, side="right") - 1
    named = np.zeros(len(texts), dtype=bool)
    named[doc[pos != starts[doc]]] = True
    return cue | named


def _apply_kind_rules(
    kind_scores: np.ndarray,
    rule_hits: np.ndarray,
    erfaring_possible: np.ndarray,
    rules: str,
    *,
    opens_request: np.ndarray,
    opens_verb: np.ndarray,
) -> np.ndarray:
    """Strong wording cues settle tiltak/barriere (the majority side wins) unless `rules` is
    "none"; the model decides the rest, and calls nothing an experience without a sign of one.

    `rules` is "broad", "strict" or "none", then optional additions: "+imp" — an input that
    opens with a verb asking for something («Gi …», «Styrk …») is a proposal; "+neg" — with no
    strong cue at all, an input with a word judging a state as bad (`BARRIER_SOFT`) that does
    not open with a request is a barrier.
    """
    t, b, e = (KIND_KEYS.index(k) for k in ("tiltak", "barriere", "erfaring"))
    base, *extras = rules.split("+")
    out = kind_scores.copy()
    if base != "none":
        a, z = _RULE_COLUMNS[base]
        n_t, n_b = rule_hits[:, a], rule_hits[:, z]
        out[n_t > n_b, t] = np.inf
        out[n_b > n_t, b] = np.inf
        out[(n_t > 0) | (n_b > 0), e] = -np.inf
        if "imp" in extras:
            # An input that opens with a verb asking for something is a proposal.
            out[opens_verb, t] = np.inf
            out[opens_verb, b] = kind_scores[opens_verb, b]
            out[opens_verb, e] = -np.inf
        if "neg" in extras:
            # With no strong cue at all, a word judging a state as bad makes it a barrier.
            soft = (n_t == 0) & (n_b == 0) & (rule_hits[:, _SOFT_BARRIER] > 0) & ~opens_request
            out[soft, b] = np.inf
            out[soft, e] = -np.inf
    out[~erfaring_possible, e] = -np.inf
    return out


def theme_components(model: Model, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Model probabilities and lexicon evidence per theme, before they are combined."""
    tables = model.tables()
    with tables.lock:
        counts, lens, _ = _doc_word_matrix(tables, texts)
        theme_rows, lexicon_rows = tables.theme, tables.lexicon
    scale = 1.0 / np.sqrt(np.maximum(lens, 1)).astype(np.float64)
    theme = (counts @ theme_rows) * scale[:, None] + model.theme_intercept
    counts.data[:] = 1.0
    lex = _lexicon_evidence(counts, lexicon_rows)
    if model.theme_lex_coef is not None:
        theme += (model.params.lexicon_features * lex) @ model.theme_lex_coef.T
    return _sigmoid(theme), lex


def context_components(model: Model, groups: Sequence[str | None]) -> np.ndarray:
    """Lexicon evidence per theme of the headings the inputs stood under."""
    tables = model.tables()
    with tables.lock:
        return _context_evidence(tables, groups)


def _decide_themes(combined: np.ndarray, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Primary theme index per input, and a mask of secondary themes."""
    primary = combined.argmax(axis=1)
    top = combined[np.arange(len(combined)), primary]
    threshold = np.asarray(params.theme_thresholds or params.threshold, dtype=np.float64)
    secondary = (combined >= threshold) & (combined >= params.ratio * top[:, None])
    secondary[np.arange(len(combined)), primary] = False
    return primary, secondary


def _why(scores: _Scores, model: Model, primary: np.ndarray) -> list[tuple[str, ...]]:
    """The words that pushed each input's primary theme most, strongest first."""
    counts = scores.counts
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    cols = counts.indices
    t = primary[rows]
    weight = scores.theme_rows[cols, t] + model.params.lexicon_weight * scores.lexicon_rows[cols, t]
    keep = weight > 0
    rows, cols, weight = rows[keep], cols[keep], weight[keep]
    order = np.lexsort((-weight, rows))
    rows, cols, weight = rows[order], cols[order], weight[order]
    # Keep the first WHY_TERMS of each input's run, and only terms that weigh at least a
    # quarter of the strongest: a weak third term explains nothing.
    run_start = np.searchsorted(rows, rows)
    rank = np.arange(len(rows)) - run_start
    top = (rank < WHY_TERMS) & (weight >= _WHY_SHARE * weight[run_start])
    rows, cols = rows[top], cols[top]
    ends = np.searchsorted(rows, np.arange(counts.shape[0]), side="right").tolist()
    words = scores.words
    picked = [words[c] for c in cols.tolist()]
    out, start = [], 0
    for end in ends:
        out.append(tuple(picked[start:end]))
        start = end
    return out


def classify_with(
    model: Model,
    texts: Sequence[str],
    *,
    groups: Sequence[str | None] | None = None,
    theme_evidence: np.ndarray | None = None,
) -> list[Classification]:
    """Classify `texts` with `model`; `groups` are the headings each input stood under,
    «session title / group heading» (outermost first), or None where there are none.

    `theme_evidence` (inputs × THEME_KEYS) is added to the combined theme scores before
    deciding: evidence from outside the model, such as what labelled inputs of the same
    report say (`adapt`)."""
    if groups is not None and len(groups) != len(texts):
        raise ValueError("groups must have one entry per text")
    if not texts:
        return []
    scores = _score(model, texts, groups)
    if theme_evidence is not None:
        scores = replace(scores, combined=scores.combined + theme_evidence)
    primary, secondary = _decide_themes(scores.combined, model.params)
    why = _why(scores, model, primary)
    kinds = scores.kind.argmax(axis=1).tolist()
    n = len(texts)
    # Both parts of the combined score lie in [0, 1]; rescale so confidence does too.
    top = scores.combined[np.arange(n), primary]
    confidence = np.minimum(1.0, top / (1.0 + model.params.lexicon_weight)).round(3).tolist()
    themes: list[tuple[str, ...]] = [(THEME_KEYS[p],) for p in primary.tolist()]
    for i in np.flatnonzero(secondary.any(axis=1)).tolist():
        order = np.argsort(-scores.combined[i], kind="stable")
        sec = [THEME_KEYS[j] for j in order[secondary[i, order]][:MAX_SECONDARY]]
        themes[i] = (themes[i][0], *sec)
    # Actor sets repeat a lot: decode each distinct bit pattern once.
    codes = (scores.actors.astype(np.int64) << np.arange(len(ACTOR_KEYS))).sum(axis=1).tolist()
    decoded = {c: tuple(a for j, a in enumerate(ACTOR_KEYS) if c >> j & 1) for c in set(codes)}
    if groups is not None:
        # Inputs share their headings: settle each distinct one once.
        settled_by = {g: kind_from_heading(g) for g in set(groups)}
        heading_kind = [settled_by[g] for g in groups]
    else:
        heading_kind = [None] * n
    if model.params.heading_rule == "cues":
        # Where a wording rule settled tiltak or barriere, the input's own words beat a heading
        # that says the other.
        settled = np.isinf(scores.kind[np.arange(n), kinds]).tolist()
        opposite = {"tiltak": "barriere", "barriere": "tiltak"}
        heading_kind = [
            None if hk in opposite and ok and KIND_KEYS[k] == opposite[hk] else hk
            for hk, ok, k in zip(heading_kind, settled, kinds, strict=True)
        ]
    return [
        Classification(
            text=text,
            theme=th[0],
            themes=th,
            confidence=conf,
            actors=decoded[code],
            kind=hk or KIND_KEYS[k],
            why=w,
        )
        for text, th, conf, code, hk, k, w in zip(
            texts, themes, confidence, codes, heading_kind, kinds, why, strict=True
        )
    ]


# --- What a model was trained with -----------------------------------------------------------
# A model's coefficients mean something only with the lexicon and word features it was fitted
# on. Both are hashed into its metadata at fit time and compared on load, so an edited lexicon
# cannot silently pair with an old model file.


class ModelMismatch(ValueError):
    """A model file was trained with another lexicon or other word features than this code's."""


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_canonical(v) for v in value]
    return value


def lexicon_hash() -> str:
    """SHA-256 of every table in `lexicon`, as data: comments and layout do not count."""
    tables = {name: _canonical(v) for name, v in vars(lexicon).items() if name.isupper()}
    blob = json.dumps(tables, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _code_text(obj: Any) -> str:
    """The tokens of `obj`'s source without comments, docstrings or line wrapping.

    Tokens are joined with nothing between them so that Python 3.12's split f-string tokens
    read as 3.11's single one; statement ends and indentation stay, as they carry meaning.
    """
    source = textwrap.dedent(inspect.getsource(obj))
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.ENDMARKER)
    ]
    out: list[str] = []
    starts_line, skip = True, 0
    for i, tok in enumerate(tokens):
        following = tokens[i + 1].type if i + 1 < len(tokens) else tokenize.NEWLINE
        if starts_line and tok.type == tokenize.STRING and following == tokenize.NEWLINE:
            skip = 2  # a docstring and the end of its line
        if skip:
            skip -= 1
            continue
        starts_line = tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        out.append(
            {tokenize.NEWLINE: "\n", tokenize.INDENT: ">", tokenize.DEDENT: "<"}.get(
                tok.type, tok.string
            )
        )
    return "".join(out)


@lru_cache(maxsize=1)
def _feature_source() -> str:
    code = (
        text.stem,
        text.compound_parts,
        text._known_words,
        text._is_known_modifier,
        words_of,
        analyse_word,
        WordInfo,
        _TermMatcher,
        Model.word_theme_vector,
        Model.word_kind_vector,
        Model.word_first_kind_vector,
        kind_extras,
    )
    return "\n".join(f"{obj.__qualname__}:{_code_text(obj)}" for obj in code)


def feature_hash() -> str:
    """SHA-256 of the code and settings that turn a word into model features.

    Covers the functions in `_feature_source`, their constants, and the versions of the
    stemmer and of the word list the compound splitter reads.
    """
    from importlib.metadata import version

    settings = {
        "part_weight": _PART_WEIGHT,
        "char_ngrams": list(_CHAR_NGRAMS),
        "kind_extras": KIND_EXTRAS,
        "stopwords": sorted(STOPWORDS),
        "word_re": WORD_RE.pattern,
        "min_part": text._MIN_PART,
        "PyStemmer": version("PyStemmer"),
        "wordfreq": version("wordfreq"),
    }
    blob = _feature_source() + json.dumps(settings, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def trained_with() -> dict[str, str]:
    """The hashes a model fitted now records in its metadata and is checked against on load."""
    return {"lexicon_hash": lexicon_hash(), "feature_hash": feature_hash()}


def check_trained_with(meta: dict[str, Any], path: Path | str) -> None:
    """Raise `ModelMismatch` unless `meta` records this code's lexicon and word features."""
    current = trained_with()
    changed = [k for k, v in current.items() if meta.get(k) != v]
    if changed:
        what = " and ".join(
            {"lexicon_hash": "lexicon", "feature_hash": "word features"}[k] for k in changed
        )
        detail = "; ".join(
            f"{k}: model {str(meta.get(k) or 'not recorded')[:12]}, code {current[k][:12]}"
            for k in changed
        )
        raise ModelMismatch(
            f"{path}: this classifier model was trained with another {what} than the code has "
            f"({detail}). Retrain it: `python -m innspill.analysis.retrain` for the model "
            "shipped in the package, `python -m innspill train_classifier` for a locally "
            "trained one."
        )


# --- Persistence ------------------------------------------------------------------------------


def save_model(model: Model, path: str | Path) -> None:
    """Write the model as a compressed .npz (numbers) with a JSON header (names, params, meta)."""
    header = {
        "format": 1,
        "params": {k: getattr(model.params, k) for k in Params.__slots__},
        "terms": list(model.term_index),
        "chars": list(model.char_index),
        "kind_terms": list(model.kind_index),
        "themes": list(THEME_KEYS),
        "kinds": list(KIND_KEYS),
        "meta": model.meta,
    }
    # Typed loosely: numpy's stub would read a spread dict as its `allow_pickle` flag.
    optional: dict[str, Any] = {
        name: value.astype(np.float32)
        for name, value in (
            ("theme_lex_coef", model.theme_lex_coef),
            ("kind_extra_coef", model.kind_extra_coef),
        )
        if value is not None
    }
    with open(path, "wb") as fh:
        np.savez_compressed(
            fh,
            **optional,
            header=np.array(json.dumps(header, ensure_ascii=False, sort_keys=True)),
            term_idf=model.term_idf.astype(np.float32),
            char_idf=model.char_idf.astype(np.float32),
            kind_idf=model.kind_idf.astype(np.float32),
            theme_coef=model.theme_coef.astype(np.float32),
            theme_intercept=model.theme_intercept,
            kind_coef=model.kind_coef.astype(np.float32),
            kind_intercept=model.kind_intercept,
        )


_LOADED: dict[Path, Model] = {}


def _params(stored: dict[str, Any]) -> Params:
    return Params(**{**stored, "theme_thresholds": tuple(stored.get("theme_thresholds", ()))})


def load_model(path: str | Path | None = None) -> Model:
    """Load a model file (default: the one shipped in the package); cached per path.

    Raises `ModelMismatch` when the file was trained with another lexicon or other word
    features than this code's (see `trained_with`).
    """
    resolved = Path(path or DEFAULT_MODEL_PATH).resolve()
    cached = _LOADED.get(resolved)
    if cached is not None:
        return cached
    with np.load(resolved, allow_pickle=False) as data:
        header = json.loads(str(data["header"]))
        if header["themes"] != list(THEME_KEYS) or header["kinds"] != list(KIND_KEYS):
            raise ValueError(f"{resolved}: model was trained for another vocabulary")
        check_trained_with(header["meta"], resolved)
        model = Model(
            params=_params(header["params"]),
            term_index={t: i for i, t in enumerate(header["terms"])},
            term_idf=data["term_idf"].astype(np.float64),
            char_index={t: i for i, t in enumerate(header["chars"])},
            char_idf=data["char_idf"].astype(np.float64),
            kind_index={t: i for i, t in enumerate(header["kind_terms"])},
            kind_idf=data["kind_idf"].astype(np.float64),
            theme_coef=data["theme_coef"].astype(np.float64),
            theme_intercept=data["theme_intercept"].astype(np.float64),
            kind_coef=data["kind_coef"].astype(np.float64),
            kind_intercept=data["kind_intercept"].astype(np.float64),
            meta=header["meta"],
            theme_lex_coef=(
                data["theme_lex_coef"].astype(np.float64) if "theme_lex_coef" in data else None
            ),
            kind_extra_coef=(
                data["kind_extra_coef"].astype(np.float64) if "kind_extra_coef" in data else None
            ),
        )
    _LOADED[resolved] = model
    return model


def classify(
    texts: Sequence[str], *, groups: Sequence[str | None] | None = None
) -> list[Classification]:
    """Classify inputs with the shipped model (see `classify_with`); pass many at once."""
    return classify_with(load_model(), texts, groups=groups)


def data_hash(lines: Iterable[str]) -> str:
    """SHA-256 of training data lines, recorded in the model file."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def classify_lines(lines: Iterable[str], *, batch: int = 10_000) -> Iterable[dict[str, Any]]:
    """Classify one input per line (blank lines skipped), batch by batch; yields `to_dict()`s."""
    pending: list[str] = []
    for line in lines:
        if line.strip():
            pending.append(line.rstrip("\n"))
        if len(pending) >= batch:
            yield from (r.to_dict() for r in classify(pending))
            pending = []
    if pending:
        yield from (r.to_dict() for r in classify(pending))


def main() -> None:
    """`python -m innspill.analysis.classifier < inputs.txt`: one JSON object per input line."""
    import sys

    for record in classify_lines(sys.stdin):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
