"""Extractive summaries: the inputs that best represent a set, without saying the same thing twice.

Centrality is the cosine similarity of an input to the centroid of the set (in the
`similarity` vector space), which ranks like LexRank's degree centrality; picks follow
maximal marginal relevance, and an input too close to one already picked is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from innspill.analysis.similarity import SimilarityIndex

# Relevance against novelty in maximal marginal relevance (1.0 ignores novelty).
MMR_LAMBDA = 0.7
# Cosine above which a candidate repeats an input already picked.
DUPLICATE_SIMILARITY = 0.6


def centrality(texts: Sequence[str]) -> list[float]:
    """Cosine similarity of each text to the centroid of all of them."""
    if not texts:
        return []
    matrix = SimilarityIndex.build(texts).matrix
    centre = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centre))
    if norm == 0.0:
        return [0.0] * len(texts)
    return [float(x) for x in np.clip(matrix @ (centre / norm), 0.0, 1.0)]


def representative(
    texts: Sequence[str],
    *,
    k: int = 5,
    mmr_lambda: float = MMR_LAMBDA,
    duplicate_similarity: float = DUPLICATE_SIMILARITY,
) -> list[int]:
    """Indices of up to `k` representative texts, most representative first.

    Texts without any content word are never picked; near-repeats of a picked text are
    skipped, so fewer than `k` may come back.
    """
    if not texts or k <= 0:
        return []
    index = SimilarityIndex.build(texts)
    matrix = index.matrix
    centre = np.asarray(matrix.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centre))
    if norm == 0.0:
        return []
    relevance = np.asarray(matrix @ (centre / norm)).ravel()
    available = np.asarray(matrix.getnnz(axis=1) > 0)
    closest = np.zeros(len(texts))
    picked: list[int] = []
    while len(picked) < k and available.any():
        score = mmr_lambda * relevance - (1.0 - mmr_lambda) * closest
        score[~available] = -np.inf
        best = int(np.argmax(score))  # argmax takes the lowest index on ties
        picked.append(best)
        # One row of similarities per pick: k sparse products instead of an n × n matrix.
        sims = (matrix @ matrix[best].T).toarray().ravel()
        closest = np.maximum(closest, sims)
        available &= sims < duplicate_similarity
        available[best] = False
    return picked
