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
from typing import TYPE_CHECKING, Any

import numpy as np

from innspill.analysis.text import stems

if TYPE_CHECKING:
    # scikit-learn and scipy take seconds to import; every command and web process that
    # never computes a similarity must not pay for them, so they load where they are used.
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

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
    from sklearn.feature_extraction.text import TfidfVectorizer

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
        import scipy.sparse as sp

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
        import scipy.sparse as sp

        if not self.fitted:
            return sp.csr_matrix((len(texts), 0), dtype=np.float32)
        stem_lists = _stem_lists(texts)
        word_m = self.word_vectoriser.transform(stem_lists)
        char_m = self.char_vectoriser.transform(stem_lists)
        return _combine(word_m, char_m, self.char_weight)

    def word_weights(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF of the word-level features only (columns named by `term_names`)."""
        import scipy.sparse as sp

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
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

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


# A word feature proposes as candidates only this many inputs it weighs most in; a word
# in thousands of inputs links a pair closely only where it is much of both texts, and a
# fixed cap keeps the candidate search linear in the number of inputs.
POSTINGS_CAP = 200
# Candidates kept per input, by word-feature dot product, before exact scoring.
CANDIDATES = 50


def approximate_neighbours(
    index: SimilarityIndex,
    *,
    top_k: int,
    candidates: int = CANDIDATES,
    postings_cap: int = POSTINGS_CAP,
    chunk: int = 2_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each input's best `top_k` other inputs, without comparing all pairs: (rows, cols, scores).

    Candidates are the inputs sharing a word feature (stem, compound part or concept), a
    feature proposing only the `postings_cap` inputs it weighs most in; the best `candidates`
    per input by word-feature dot product are kept, and each candidate pair, taken both ways,
    is scored exactly like `top_matches` (dot product of `index.matrix` rows). Rows come in order, each row's
    matches best first, ties to the lower index; zero scores are left out.
    """
    matrix = index.matrix
    n = len(index)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32))
    if n < 2 or not index.fitted or top_k <= 0:
        return empty
    n_word = len(index.word_vectoriser.vocabulary_)
    words = matrix[:, :n_word].tocsr()
    postings = _truncated_postings(words, postings_cap)
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for start in range(0, n, chunk):
        # Sparse because long posting lists are cut: only inputs sharing a word, and for a
        # common word only those it weighs most in.
        product = (words[start : start + chunk] @ postings).tocsr()
        rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        cols = product.indices.astype(np.int64)
        values = np.where(cols == rows + start, 0.0, product.data).astype(np.float32)
        best = _top_per_row(product.indptr, values, candidates)
        left.append(rows[best] + start)
        right.append(cols[best])
    a = np.concatenate(left)
    b = np.concatenate(right)
    # Each unordered pair once: a candidate either way is scored for both inputs.
    pairs = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
    a, b = pairs // n, pairs % n
    scores = np.empty(len(pairs), dtype=np.float32)
    step = 100_000
    for s in range(0, len(pairs), step):
        products = matrix[a[s : s + step]].multiply(matrix[b[s : s + step]])
        scores[s : s + step] = np.asarray(products.sum(axis=1)).ravel()
    scores = np.clip(scores, 0.0, 1.0)
    rows, cols = np.r_[a, b], np.r_[b, a]
    scores = np.r_[scores, scores]
    keep = scores > 0.0
    rows, cols, scores = rows[keep], cols[keep], scores[keep]
    best = _best_per_row(rows, cols, scores, top_k)
    return rows[best], cols[best], scores[best]


def _truncated_postings(words: sp.csr_matrix, cap: int) -> sp.csr_matrix:
    """Features × inputs, each feature keeping its `cap` highest-weighted inputs."""
    import scipy.sparse as sp

    by_feature = words.T.tocsr()
    lengths = np.diff(by_feature.indptr)
    if lengths.max(initial=0) <= cap:
        return by_feature
    keep = _top_per_row(by_feature.indptr, by_feature.data, cap)
    keep.sort()
    features = np.repeat(np.arange(by_feature.shape[0]), lengths)[keep]
    return sp.csr_matrix(
        (by_feature.data[keep], (features, by_feature.indices[keep])), shape=by_feature.shape
    )


def _top_per_row(indptr: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Positions of up to `k` positive values per CSR row, the highest (in no order)."""
    lengths = np.diff(indptr)
    long_rows = np.flatnonzero(lengths > k)
    # Rows with at most k values keep them all.
    picked = [np.flatnonzero(np.repeat(lengths <= k, lengths))]
    # Longer rows are padded (with -1, below any value) to a common width, one argpartition
    # per power-of-two width class: padding every row to the longest would cost far more.
    width_class = np.ceil(np.log2(lengths[long_rows])).astype(np.int64)
    for cls in np.unique(width_class):
        rows = long_rows[width_class == cls]
        row_lengths = lengths[rows]
        width = int(row_lengths.max())
        firsts = np.cumsum(row_lengths) - row_lengths
        offsets = np.arange(int(row_lengths.sum())) - np.repeat(firsts, row_lengths)
        positions = np.repeat(indptr[rows], row_lengths) + offsets
        padded = np.full((len(rows), width), -1.0, dtype=np.float32)
        padded[np.repeat(np.arange(len(rows)), row_lengths), offsets] = values[positions]
        top = np.argpartition(padded, width - k, axis=1)[:, width - k :]
        picked.append((indptr[rows][:, None] + top)[top < row_lengths[:, None]])
    out = np.concatenate(picked)
    return out[values[out] > 0]


def _best_per_row(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Positions of each row's `k` highest values, rows in order, best first, ties to lower col."""
    # Non-negative float32 values order like their bit patterns, so one integer key per
    # entry sorts by value; a stable sort after ordering by column breaks ties by column.
    by_col = np.argsort(cols, kind="stable")
    inverted = np.int64(0x7FFFFFFF) - values.astype(np.float32).view(np.int32).astype(np.int64)
    key = rows.astype(np.int64)[by_col] << 31 | inverted[by_col]
    order = by_col[np.argsort(key, kind="stable")]
    sorted_rows = rows[order]
    starts = np.flatnonzero(np.r_[True, sorted_rows[1:] != sorted_rows[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order[rank < k]


def approximate_top_matches(
    index: SimilarityIndex,
    *,
    top_k: int,
    candidates: int = CANDIDATES,
    postings_cap: int = POSTINGS_CAP,
) -> list[list[tuple[int, float]]]:
    """`approximate_neighbours` in the shape of `top_matches(m, m, exclude_self=True)`."""
    rows, cols, scores = approximate_neighbours(
        index, top_k=top_k, candidates=candidates, postings_cap=postings_cap
    )
    out: list[list[tuple[int, float]]] = [[] for _ in range(len(index))]
    for i, j, s in zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True):
        out[i].append((j, s))
    return out
