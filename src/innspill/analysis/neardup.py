"""Near-duplicate grouping without comparing all pairs: MinHash signatures, LSH banding, union-find.

Two inputs are near-duplicates when the Jaccard similarity of their sets of stems (stopwords
dropped) is at least `threshold`. Candidate pairs come from LSH buckets (inputs whose MinHash
values agree on a whole band), every candidate is verified with the exact Jaccard, and the
accepted pairs are joined into groups by connected components. The exact all-pairs version
is here too, as the reference the fast one is measured against.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from innspill.analysis.text import STOPWORDS, stem

if TYPE_CHECKING:
    import scipy.sparse as sp  # loads where it is used: it costs every process's start-up

DEFAULT_THRESHOLD = 0.6
DEFAULT_NUM_PERM = 128
# Wanted chance that a pair exactly at the threshold shares at least one LSH bucket. At
# 0.99 about 1 input in 1,000 missed its group on synthetic data; at 0.999 none did.
TARGET_RECALL_AT_THRESHOLD = 0.999

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class TokenSets:
    """Each text's distinct stem ids, as CSR-style arrays (ids sorted within a text)."""

    indices: np.ndarray  # int32, stem ids of all texts back to back
    indptr: np.ndarray  # int64, len(texts) + 1 offsets into `indices`
    vocabulary_size: int

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.indptr)

    def matrix(self) -> sp.csr_matrix:
        """Binary text × stem matrix."""
        import scipy.sparse as sp

        data = np.ones(len(self.indices), dtype=np.float32)
        n = len(self.indptr) - 1
        return sp.csr_matrix(
            (data, self.indices, self.indptr), shape=(n, max(self.vocabulary_size, 1))
        )


def token_sets(texts: Sequence[str], *, chunk: int = 50_000) -> TokenSets:
    """Distinct stems of each text (stopwords dropped), as integer ids."""
    word_ids: dict[str, int] = {}
    stem_ids: dict[str, int] = {}
    indices: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    # Python touches each word only in C-level calls (findall, dict, map); the per-text
    # de-duplication and sorting happen in numpy over a whole chunk at a time.
    for start in range(0, len(texts), chunk):
        flat: list[str] = []
        counts = np.zeros(min(chunk, len(texts) - start), dtype=np.int64)
        for k, text in enumerate(texts[start : start + chunk]):
            found = _WORD.findall(unicodedata.normalize("NFC", text).lower())
            counts[k] = len(found)
            flat.extend(found)
        # First-seen order keeps stem ids, and so the MinHash values, the same from run to run.
        for word in dict.fromkeys(flat):
            if word not in word_ids:
                word_ids[word] = (
                    -1 if word in STOPWORDS else stem_ids.setdefault(stem(word), len(stem_ids))
                )
        ids = np.fromiter(map(word_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        doc = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        keep = ids >= 0
        codes = _distinct((doc[keep] << 32) | ids[keep])
        indices.append((codes & 0xFFFFFFFF).astype(np.int32))
        sizes.append(np.bincount(codes >> 32, minlength=len(counts)))
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    if sizes:
        np.cumsum(np.concatenate(sizes), out=indptr[1:])
    return TokenSets(
        indices=np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32),
        indptr=indptr,
        vocabulary_size=len(stem_ids),
    )


def lsh_shape(*, threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): the most rows per band, then the fewest bands, that catch a pair at
    `threshold` with the target probability, using at most `num_perm` MinHash values.

    More rows keep dissimilar pairs out of the buckets; fewer bands mean less hashing.
    """

    def recall(bands: int, rows: int) -> float:
        return 1.0 - (1.0 - threshold**rows) ** bands

    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        if num_perm // rows == 0 or recall(num_perm // rows, rows) < TARGET_RECALL_AT_THRESHOLD:
            continue
        bands = next(
            b
            for b in range(1, num_perm // rows + 1)
            if recall(b, rows) >= TARGET_RECALL_AT_THRESHOLD
        )
        best = (bands, rows)
    return best


def _band_keys(sets: TokenSets, hashes: np.ndarray, band_mix: np.ndarray) -> np.ndarray:
    """One 64-bit bucket key per text for one band: its MinHash values mixed together."""
    nonempty = sets.sizes > 0
    # reduceat misreads empty segments, so only non-empty texts take part.
    starts = sets.indptr[:-1][nonempty]
    key = np.zeros(len(starts), dtype=np.uint64)
    for perm_hashes, mix in zip(hashes, band_mix, strict=True):
        mins = np.minimum.reduceat(perm_hashes[sets.indices], starts).astype(np.uint64)
        key = (key ^ mins) * mix
        # The multiply only carries entropy upwards; fold it back down.
        key ^= key >> np.uint64(29)
    out = np.zeros(len(nonempty), dtype=np.uint64)
    out[nonempty] = key
    return out


def _bucket_pairs(key: np.ndarray, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs inside each bucket: each member with the next one and with the bucket's first."""
    order = candidates[np.argsort(key[candidates], kind="stable")]
    sorted_keys = key[order]
    same = sorted_keys[1:] == sorted_keys[:-1]
    if not same.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    starts = np.r_[True, ~same]
    bucket_first = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    left = np.r_[order[:-1][same], bucket_first[1:][same]]
    right = np.r_[order[1:][same], order[1:][same]]
    return left, right


def jaccard_of_pairs(
    sets: TokenSets, left: np.ndarray, right: np.ndarray, *, chunk: int = 500_000
) -> np.ndarray:
    """Exact Jaccard similarity of the stem sets of each (left[k], right[k])."""
    matrix = sets.matrix()
    sizes = sets.sizes
    out = np.zeros(len(left), dtype=np.float32)
    for start in range(0, len(left), chunk):
        a = left[start : start + chunk]
        b = right[start : start + chunk]
        inter = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
        union = sizes[a] + sizes[b] - inter
        out[start : start + chunk] = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return out


def candidate_pairs(
    sets: TokenSets, *, threshold: float, num_perm: int = DEFAULT_NUM_PERM, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (i < j) that share at least one LSH bucket."""
    n = len(sets.indptr) - 1
    bands, rows = lsh_shape(threshold=threshold, num_perm=num_perm)
    rng = np.random.default_rng(seed)
    candidates = np.flatnonzero(sets.sizes > 0)
    codes = np.zeros(0, dtype=np.int64)
    for _ in range(bands):
        # A random value per (permutation, stem) is a random permutation of the vocabulary.
        hashes = rng.integers(0, 2**32, size=(rows, max(sets.vocabulary_size, 1)), dtype=np.uint32)
        mix = rng.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
        key = _band_keys(sets, hashes, mix)
        left, right = _bucket_pairs(key, candidates)
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        keep = lo != hi
        # True near-duplicates meet in most bands: merging as we go keeps memory flat.
        codes = _distinct(np.concatenate([codes, lo[keep] * n + hi[keep]]))
    return codes // n, codes % n


def _distinct(values: np.ndarray) -> np.ndarray:
    # Sorting beats np.unique's hash table on millions of random int64 codes.
    values.sort()
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def near_duplicate_pairs(
    texts: Sequence[str] | TokenSets,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left, right, jaccard) of the verified near-duplicate pairs found through LSH."""
    sets = texts if isinstance(texts, TokenSets) else token_sets(texts)
    left, right = candidate_pairs(sets, threshold=threshold, num_perm=num_perm, seed=seed)
    sim = jaccard_of_pairs(sets, left, right)
    keep = sim >= threshold
    return left[keep], right[keep], sim[keep]


def groups_from_pairs(n: int, left: np.ndarray, right: np.ndarray) -> list[int]:
    """Union-find over the pairs: a group id per item, numbered in order of first appearance."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    graph = sp.coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    # Renumber so group ids follow the order of the items, whatever scipy chose.
    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[labels].tolist()


def group_near_duplicates(
    texts: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = 1,
) -> list[int]:
    """A group id per text; texts whose stem sets reach Jaccard `threshold` share a group.

    Groups are transitive (A~B and B~C puts A, B, C together). Texts without any content
    word stay alone.
    """
    sets = token_sets(texts)
    left, right, _ = near_duplicate_pairs(sets, threshold=threshold, num_perm=num_perm, seed=seed)
    return groups_from_pairs(len(texts), left, right)


def exact_near_duplicate_pairs(
    texts: Sequence[str] | TokenSets, *, threshold: float = DEFAULT_THRESHOLD, block: int = 2_000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All-pairs reference: every pair's exact Jaccard, in blocks of rows. Quadratic on purpose."""
    sets = texts if isinstance(texts, TokenSets) else token_sets(texts)
    matrix = sets.matrix()
    matrix_t = matrix.T.tocsc()
    sizes = sets.sizes.astype(np.float32)
    n = matrix.shape[0]
    lefts, rights, sims = [], [], []
    for start in range(0, n, block):
        inter = (matrix[start : start + block] @ matrix_t).toarray()
        union = sizes[start : start + block, None] + sizes[None, :] - inter
        sim = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
        rows, cols = np.nonzero(np.triu(sim >= threshold, k=start + 1))
        lefts.append(rows + start)
        rights.append(cols)
        sims.append(sim[rows, cols])
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return np.concatenate(lefts), np.concatenate(rights), np.concatenate(sims)


def group_near_duplicates_exact(
    texts: Sequence[str], *, threshold: float = DEFAULT_THRESHOLD
) -> list[int]:
    """Same grouping as `group_near_duplicates`, from all pairs: slow, for checking."""
    left, right, _ = exact_near_duplicate_pairs(texts, threshold=threshold)
    return groups_from_pairs(len(texts), left, right)


def pair_agreement(found: Sequence[int], reference: Sequence[int]) -> tuple[float, float]:
    """Pairwise (precision, recall) of `found` groups against `reference` groups."""
    found_a = np.asarray(found)
    ref_a = np.asarray(reference)
    both = _same_group_pairs(found_a * (int(ref_a.max(initial=0)) + 1) + ref_a)
    in_found = _same_group_pairs(found_a)
    in_ref = _same_group_pairs(ref_a)
    precision = both / in_found if in_found else 1.0
    recall = both / in_ref if in_ref else 1.0
    return precision, recall


def _same_group_pairs(labels: np.ndarray) -> int:
    _, counts = np.unique(labels, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())
