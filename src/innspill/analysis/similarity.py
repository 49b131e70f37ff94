"""Similarity between inputs that may ask for the same thing in different words.

An input becomes a TF-IDF vector over three kinds of feature:

* stems without stopwords («jobbsøknader» → ``jobbsøknad``);
* compound parts, found by splitting a stem against the stems seen in the corpus
  («jobbsøknad» also yields ``søknad``, «tolketjeneste» yields ``tolk``), and concept
  tokens from the small hand-made list in ``data/synonyms.json`` (``søknad`` and
  ``intervju`` are both ``#jobbsøknad``);
* character 4-grams inside each stem, weighted lower, so spelling variants and compounds
  the splitter misses still overlap.

Cosine similarity of these non-negative vectors is the score, in [0, 1].
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from innspill.analysis.text import stems

SYNONYMS_PATH = Path(__file__).resolve().parent / "data" / "synonyms.json"

# Compound parts shorter than this are too often accidental («leie» ends in «eie»).
MIN_HEAD = 4
MIN_MODIFIER = 3
CHAR_N = 4
# Relative weight of the character block against the word block before normalising.
CHAR_WEIGHT = 0.5


@lru_cache(maxsize=1)
def load_concepts(path: Path = SYNONYMS_PATH) -> dict[str, str]:
    """Stem → concept name, from the hand-made concept list."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for concept, words in raw.items():
        if concept.startswith("_"):
            continue
        for word in words:
            for s in stems(word, drop_stopwords=True):
                out.setdefault(s, concept)
    return out


@dataclass
class Featuriser:
    """Turns a text into word-level and character-level feature lists."""

    vocabulary: frozenset[str]
    concepts: Mapping[str, str]
    split_compounds: bool = True
    _splits: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], *, concepts: Mapping[str, str] | None = None
    ) -> Featuriser:
        """A featuriser whose compound splitter knows the stems of `texts` and of the concepts."""
        return cls.from_stems(
            (stems(text, drop_stopwords=True) for text in texts), concepts=concepts
        )

    @classmethod
    def from_stems(
        cls,
        stem_lists: Iterable[Sequence[str]],
        *,
        concepts: Mapping[str, str] | None = None,
        split_compounds: bool = True,
    ) -> Featuriser:
        """Like `from_texts`, for texts already split into stems."""
        concepts = load_concepts() if concepts is None else concepts
        vocab: set[str] = set(concepts)
        for text_stems in stem_lists:
            vocab.update(text_stems)
        return cls(vocabulary=frozenset(vocab), concepts=concepts, split_compounds=split_compounds)

    def compound_parts(self, stem: str) -> tuple[str, ...]:
        """Known stems a compound stem is made of: the longest known head, and the modifier if known."""
        if not self.split_compounds:
            return ()
        cached = self._splits.get(stem)
        if cached is not None:
            return cached
        parts: tuple[str, ...] = ()
        for i in range(MIN_MODIFIER, len(stem) - MIN_HEAD + 1):
            head = stem[i:]
            if head not in self.vocabulary:
                continue
            modifier = stem[:i]
            found = [head]
            # Norwegian joins compounds with a linking s or e («godkjennings-», «tolke-»).
            for candidate in (modifier, modifier[:-1] if modifier[-1] in "se" else ""):
                if len(candidate) >= MIN_MODIFIER and candidate in self.vocabulary:
                    found.append(candidate)
                    break
            parts = tuple(found)
            break
        self._splits[stem] = parts
        return parts

    def word_features(self, text: str) -> list[str]:
        """Stems, their compound parts and concept tokens."""
        return self.word_features_of(stems(text, drop_stopwords=True))

    def char_features(self, text: str) -> list[str]:
        """Character n-grams inside each stem, with word boundaries marked."""
        return self.char_features_of(stems(text, drop_stopwords=True))

    def word_features_of(self, text_stems: Sequence[str]) -> list[str]:
        """`word_features` of a text already split into stems."""
        out: list[str] = []
        for s in text_stems:
            out.append(s)
            expanded = (s, *self.compound_parts(s))
            out.extend(expanded[1:])
            concepts = {self.concepts[p] for p in expanded if p in self.concepts}
            out.extend("#" + c for c in sorted(concepts))
        return out

    def char_features_of(self, text_stems: Sequence[str]) -> list[str]:
        """`char_features` of a text already split into stems."""
        out: list[str] = []
        for s in text_stems:
            padded = f" {s} "
            if len(padded) <= CHAR_N:
                out.append(padded)
            else:
                out.extend(padded[i : i + CHAR_N] for i in range(len(padded) - CHAR_N + 1))
        return out


def _stem_lists(texts: Iterable[str]) -> list[tuple[str, ...]]:
    # Tuples, not strings, go to the vectorisers: both analyzers share one stemming pass.
    return [tuple(stems(text, drop_stopwords=True)) for text in texts]


def _tfidf(analyzer: Any) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, lowercase=False, dtype=np.float32)


@dataclass
class SimilarityIndex:
    """TF-IDF vectors of a corpus, queried by cosine similarity."""

    featuriser: Featuriser
    word_vectoriser: TfidfVectorizer
    char_vectoriser: TfidfVectorizer
    matrix: sp.csr_matrix
    char_weight: float = CHAR_WEIGHT

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        *,
        char_weight: float = CHAR_WEIGHT,
        concepts: Mapping[str, str] | None = None,
        split_compounds: bool = True,
    ) -> SimilarityIndex:
        """Fit the vocabulary and weights on `texts` and index them.

        `concepts` replaces the shipped concept list (``{}`` for none); `split_compounds` and
        `char_weight` = 0 switch those features off. The defaults are what the product uses.
        """
        stem_lists = _stem_lists(texts)
        featuriser = Featuriser.from_stems(
            stem_lists, concepts=concepts, split_compounds=split_compounds
        )
        word_vec = _tfidf(featuriser.word_features_of)
        char_vec = _tfidf(featuriser.char_features_of)
        if any(stem_lists):
            word_m = word_vec.fit_transform(stem_lists)
            char_m = char_vec.fit_transform(stem_lists)
            matrix = _combine(word_m, char_m, char_weight)
        else:
            # Nothing but stopwords (or nothing at all): every vector is zero.
            matrix = sp.csr_matrix((len(stem_lists), 0), dtype=np.float32)
        return cls(
            featuriser=featuriser,
            word_vectoriser=word_vec,
            char_vectoriser=char_vec,
            matrix=matrix,
            char_weight=char_weight,
        )

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def fitted(self) -> bool:
        """Whether the corpus had any content word at all."""
        return bool(self.matrix.shape[1])

    def vectorise(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Unit-length vectors of new texts in this index's feature space."""
        if not self.fitted:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        stem_lists = _stem_lists(texts)
        word_m = self.word_vectoriser.transform(stem_lists)
        char_m = self.char_vectoriser.transform(stem_lists)
        return _combine(word_m, char_m, self.char_weight)

    def word_weights(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF of the word-level features only (columns named by `term_names`)."""
        if not self.fitted:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        return self.word_vectoriser.transform(_stem_lists(texts))

    def term_names(self) -> list[str]:
        """Names of the word-level features: stems, compound parts and ``#concept`` tokens."""
        if not self.fitted:
            return []
        return [str(name) for name in self.word_vectoriser.get_feature_names_out()]

    def query(self, texts: Sequence[str], *, top_k: int = 5) -> list[list[tuple[int, float]]]:
        """For each text, up to `top_k` (corpus index, score) pairs, best first; zero scores left out."""
        if not self.fitted or top_k <= 0:
            return [[] for _ in texts]
        return top_matches(self.vectorise(texts), self.matrix, top_k=top_k)


def _combine(word_m: sp.spmatrix, char_m: sp.spmatrix, char_weight: float) -> sp.csr_matrix:
    stacked = sp.hstack([word_m, char_m * char_weight], format="csr", dtype=np.float32)
    return normalize(stacked, norm="l2", copy=False)


def top_matches(
    queries: sp.csr_matrix, corpus: sp.csr_matrix, *, top_k: int, exclude_self: bool = False
) -> list[list[tuple[int, float]]]:
    """Best `top_k` corpus rows by dot product for each query row; ties go to the lower index."""
    n = corpus.shape[0]
    corpus_t = corpus.T.tocsc()
    # Bound the dense block to about 4 million cells whatever the corpus size.
    chunk = max(1, 4_000_000 // max(n, 1))
    out: list[list[tuple[int, float]]] = []
    for start in range(0, queries.shape[0], chunk):
        block = (queries[start : start + chunk] @ corpus_t).toarray()
        if exclude_self:
            rows = np.arange(block.shape[0])
            block[rows, rows + start] = 0.0
        k = min(top_k, n)
        for row in block:
            cand = np.argpartition(-row, k - 1)[:k] if k < n else np.arange(n)
            order = np.lexsort((cand, -row[cand]))
            out.append(
                [
                    (int(cand[i]), float(min(1.0, max(0.0, row[cand[i]]))))
                    for i in order
                    if row[cand[i]] > 0.0
                ]
            )
    return out


def similar_matches(
    *, corpus: Sequence[str], queries: Sequence[str], top_k: int = 5
) -> list[dict[str, Any]]:
    """The `similar` command's output: one dict per query, ``{"query", "matches": [{"index", "score"}]}``."""
    index = SimilarityIndex.build(corpus)
    results = index.query(queries, top_k=top_k)
    return [
        {
            "query": i,
            "matches": [{"index": j, "score": round(score, 4)} for j, score in matches],
        }
        for i, matches in enumerate(results)
    ]


def pairwise_similarity(texts: Sequence[str]) -> np.ndarray:
    """Dense cosine similarity matrix of `texts` among themselves (for small sets)."""
    index = SimilarityIndex.build(texts)
    if len(index) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    return np.clip((index.matrix @ index.matrix.T).toarray(), 0.0, 1.0)
