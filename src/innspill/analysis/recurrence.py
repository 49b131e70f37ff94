"""Demands that recur across conference cycles.

Inputs are clustered twice over: near-duplicates (same wording, `neardup`) are always kept
together, and a looser topical clustering (average-linkage on the cosine similarity of the
`similarity` vectors) joins inputs that ask for the same thing in other words. Above
`MAX_DENSE` inputs the average linkage runs over the pairs of near neighbours only
(`neighbour_average_linkage`), which keeps it from comparing all pairs. Clusters raised in
several years are the «Går igjen» list.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from innspill.analysis.neardup import (
    DEFAULT_THRESHOLD,
    groups_from_pairs,
    near_duplicate_pairs,
    token_sets,
)
from innspill.analysis.similarity import SimilarityIndex, approximate_neighbours, top_matches

# Average cosine similarity two clusters need before they merge. Chosen by reading the
# 2015 and 2017 clusters: lower starts to join different demands that share a theme word.
TOPIC_THRESHOLD = 0.3
# Average linkage needs the full distance matrix; above this many inputs the clustering
# falls back to merging along each input's close neighbours only, found without comparing
# all pairs (`similarity.approximate_neighbours`), with the same average-linkage test.
MAX_DENSE = 6_000
NEIGHBOURS = 10


@dataclass(frozen=True)
class Item:
    """One input as the recurrence analysis sees it."""

    id: Hashable
    year: int
    text: str
    session: str | None = None
    theme: str | None = None


@dataclass(frozen=True)
class Cluster:
    """Inputs judged to raise the same demand, possibly in several years."""

    label: str  # the most central member's text
    terms: tuple[str, ...]  # stems weighing most in the cluster
    years: tuple[int, ...]
    count: int
    member_ids: tuple[Hashable, ...]
    by_year: dict[int, tuple[Hashable, ...]]
    themes: tuple[str, ...] = ()  # members' themes, most frequent first

    @property
    def n_years(self) -> int:
        return len(self.years)


def cluster_items(
    items: Sequence[Item],
    *,
    topic_threshold: float = TOPIC_THRESHOLD,
    duplicate_threshold: float = DEFAULT_THRESHOLD,
    max_dense: int = MAX_DENSE,
    exact_neighbours: bool = False,
) -> list[int]:
    """A cluster id per item (ids numbered in order of first appearance).

    Above `max_dense` items, `exact_neighbours` compares all pairs to find each item's
    neighbours instead of only the candidates sharing a word (for measuring the difference).
    """
    labels, _, _ = _cluster(
        items,
        topic_threshold=topic_threshold,
        duplicate_threshold=duplicate_threshold,
        max_dense=max_dense,
        exact_neighbours=exact_neighbours,
    )
    return labels


def _cluster(
    items: Sequence[Item],
    *,
    topic_threshold: float,
    duplicate_threshold: float,
    max_dense: int = MAX_DENSE,
    exact_neighbours: bool = False,
) -> tuple[list[int], SimilarityIndex, tuple[np.ndarray, np.ndarray]]:
    """Cluster labels, the similarity index they came from, and the near-duplicate pairs."""
    texts = [item.text for item in items]
    index = SimilarityIndex.build(texts)
    n = len(items)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return [], index, (empty, empty)
    left, right, _ = near_duplicate_pairs(token_sets(texts), threshold=duplicate_threshold)
    topic = _topic_labels(
        index,
        threshold=topic_threshold,
        max_dense=max_dense,
        exact_neighbours=exact_neighbours,
        joined=(left, right),
    )
    # Items in the same topical cluster are joined to their first member, so both kinds of
    # link go through one union-find (above max_dense the topical clusters already hold the
    # near-duplicates).
    first_of: dict[int, int] = {}
    t_left = []
    t_right = []
    for i, label in enumerate(topic):
        head = first_of.setdefault(label, i)
        if head != i:
            t_left.append(head)
            t_right.append(i)
    rows = np.r_[left, np.asarray(t_left, dtype=np.int64)]
    cols = np.r_[right, np.asarray(t_right, dtype=np.int64)]
    # scipy loads where it is used: importing it costs every command and web process time
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    graph = sp.coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph.tocsr(), directed=False)
    renumber: dict[int, int] = {}
    labels = [renumber.setdefault(int(label), len(renumber)) for label in labels]
    return labels, index, (left, right)


def _topic_labels(
    index: SimilarityIndex,
    *,
    threshold: float,
    max_dense: int,
    exact_neighbours: bool = False,
    joined: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[int]:
    matrix = index.matrix
    n = matrix.shape[0]
    if n == 1:
        return [0]
    if n <= max_dense:
        sim = (matrix @ matrix.T).toarray()
        dist = np.clip(1.0 - sim, 0.0, 2.0)
        condensed = dist[np.triu_indices(n, k=1)]
        from scipy.cluster.hierarchy import fcluster, linkage

        tree = linkage(condensed, method="average")
        return [int(x) for x in fcluster(tree, t=1.0 - threshold, criterion="distance")]
    return neighbour_average_linkage(
        index, threshold=threshold, exact=exact_neighbours, joined=joined
    )


def neighbour_pairs(
    index: SimilarityIndex, *, threshold: float = TOPIC_THRESHOLD, exact: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) where one is among the other's `NEIGHBOURS` best matches with a score of at
    least `threshold`: (rows, cols, scores), best first. Neighbours from `nearest_neighbours`."""
    n = len(index)
    rows, cols, scores = nearest_neighbours(index, top_k=NEIGHBOURS, exact=exact)
    near = (scores >= threshold) & (rows != cols)
    lo = np.minimum(rows[near], cols[near])
    hi = np.maximum(rows[near], cols[near])
    keys, first = np.unique(lo * n + hi, return_index=True)
    scores = scores[near][first]
    order = np.argsort(-scores, kind="stable")
    return keys[order] // n, keys[order] % n, scores[order]


def neighbour_average_linkage(
    index: SimilarityIndex,
    *,
    threshold: float = TOPIC_THRESHOLD,
    exact: bool = False,
    joined: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[int]:
    """A cluster label per input: average linkage over the graph of close-neighbour pairs.

    The large-archive stand-in for average linkage on the full matrix, and the same rule: the
    two clusters with the highest mean similarity over all their cross pairs merge first, down
    to `threshold`. Only clusters joined by at least one neighbour pair are candidates. Rows are
    L2-normalised, so a cross total T(A, C) is (sum of A's rows) · (sum of C's rows); after a
    merge T(A ∪ B, C) = T(A, C) + T(B, C). A term not known yet is queued under an upper bound
    (Cauchy–Schwarz on the clusters' norms) and becomes one sparse dot of the two clusters'
    summed rows only if that bound reaches the top of the queue. Linking neighbour pairs alone (single linkage) chains unrelated
    inputs into one cluster that grows with the archive (2,615 of 3,000 spliced inputs).

    `joined` pairs (near-duplicates) start in one cluster, so they take part in the averages;
    joining them only afterwards would chain whole topical clusters together (97,959 of
    100,000 spliced inputs in one).
    """
    matrix = index.matrix.tocsr()
    matrix.sort_indices()
    n = matrix.shape[0]
    lo, hi, scores = neighbour_pairs(index, threshold=threshold, exact=exact)
    parent = list(range(n))
    size = [1] * n
    version = [0] * n  # bumped at each merge: heap entries made before it are stale
    # Cross totals T between neighbouring clusters, keyed by the clusters' first members.
    totals: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j, score in zip(lo.tolist(), hi.tolist(), scores.tolist(), strict=True):
        totals[i][j] = totals[j][i] = score
    heap = [
        (-score, i, j, 0, 0)
        for score, i, j in zip(scores.tolist(), lo.tolist(), hi.tolist(), strict=True)
    ]
    heapq.heapify(heap)
    # Each cluster's summed rows as (sorted feature ids, values), made from the row on first use.
    sums: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def summed(i: int) -> tuple[np.ndarray, np.ndarray]:
        if i not in sums:
            start, end = matrix.indptr[i], matrix.indptr[i + 1]
            sums[i] = (matrix.indices[start:end], matrix.data[start:end].astype(np.float64))
        return sums[i]

    def dot(x: int, y: int) -> float:
        (ix, vx), (iy, vy) = summed(x), summed(y)
        if len(ix) > len(iy):
            ix, vx, iy, vy = iy, vy, ix, vx
        pos, hit = _positions(iy, ix)
        return float(vx[hit] @ vy[pos[hit]])

    # An upper bound on the part of a cross total not computed yet (Cauchy–Schwarz: the two
    # clusters' norms), only where there is such a part.
    slack: list[dict[int, float]] = [{} for _ in range(n)]
    norm = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()).tolist()

    def merge(a: int, b: int) -> None:
        if len(totals[a]) < len(totals[b]):
            a, b = b, a
        t_a, t_b, s_a, s_b = totals[a], totals[b], slack[a], slack[b]
        for d in (t_a, s_a):
            d.pop(b, None)
        for d in (t_b, s_b):
            d.pop(a, None)
        # T(b, c) for the clusters next to a only is not computed now: most of these pairs
        # never come up before a or c merges again. It is bounded, and computed if it does.
        for c in t_a.keys() - t_b.keys():
            s_a[c] = s_a.get(c, 0.0) + norm[b] * norm[c]
        for c, t in t_b.items():
            extra = s_b.get(c, 0.0)
            if c in t_a:
                t_a[c] += t
            else:
                t_a[c] = t
                extra += norm[a] * norm[c]
            if extra:
                s_a[c] = s_a.get(c, 0.0) + extra
            del totals[c][b]
            slack[c].pop(b, None)
        for c, t in t_a.items():
            totals[c][a] = t
            if c in s_a:
                slack[c][a] = s_a[c]
        totals[b], slack[b] = {}, {}
        sums[a] = _add_sparse(summed(a), summed(b))
        sums.pop(b, None)
        norm[a] = math.sqrt(float(sums[a][1] @ sums[a][1]))
        parent[b] = a
        size[a] += size[b]
        version[a] += 1
        version[b] = -1  # never a cluster again
        for c, t in t_a.items():
            push(a, c, t + s_a.get(c, 0.0))

    def push(a: int, c: int, total: float) -> None:
        mean = total / (size[a] * size[c])
        if mean >= threshold:
            x, y = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-mean, x, y, version[x], version[y]))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    if joined is not None:
        for i, j in zip(joined[0].tolist(), joined[1].tolist(), strict=True):
            a, b = find(i), find(j)
            if a != b:
                merge(a, b)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version[a] != version_a or version[b] != version_b:
            continue
        if b in slack[a]:
            # Its bound came first: compute the total, and queue the pair by its real mean.
            totals[a][b] = totals[b][a] = dot(a, b)
            del slack[a][b], slack[b][a]
            push(a, b, totals[a][b])
            continue
        merge(a, b)

    return [find(i) for i in range(n)]


def _positions(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `wanted` would go in the sorted `ids`, and whether it is there."""
    pos = np.searchsorted(ids, wanted)
    inside = pos < len(ids)
    hit = np.zeros(len(wanted), dtype=bool)
    hit[inside] = ids[pos[inside]] == wanted[inside]
    return pos, hit


def _add_sparse(
    x: tuple[np.ndarray, np.ndarray], y: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The sum of two sparse vectors given as (sorted ids, values), without sorting again."""
    (ix, vx), (iy, vy) = x, y
    pos, hit = _positions(ix, iy)
    values = vx.copy()
    values[pos[hit]] += vy[hit]
    return np.insert(ix, pos[~hit], iy[~hit]), np.insert(values, pos[~hit], vy[~hit])


def nearest_neighbours(
    index: SimilarityIndex, *, top_k: int, exact: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each input's best `top_k` other inputs: (rows, cols, scores), rows in order, best first.

    Found among the candidates sharing a word (`approximate_neighbours`), or with `exact`
    by comparing all pairs (`top_matches`, quadratic). Zero scores are left out.
    """
    if exact:
        matches = top_matches(index.matrix, index.matrix, top_k=top_k, exclude_self=True)
        rows = np.repeat(np.arange(len(index), dtype=np.int64), [len(m) for m in matches])
        cols = np.asarray([j for found in matches for j, _ in found], dtype=np.int64)
        scores = np.asarray([s for found in matches for _, s in found], dtype=np.float64)
        return rows, cols, scores
    rows, cols, scores = approximate_neighbours(index, top_k=top_k)
    return rows.astype(np.int64), cols.astype(np.int64), scores


def build_clusters(
    items: Sequence[Item],
    labels: Sequence[int],
    *,
    index: SimilarityIndex | None = None,
    n_terms: int = 5,
) -> list[Cluster]:
    """Clusters from per-item labels, ranked by years raised, then count, then first member."""
    if not items:
        return []
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    texts = [item.text for item in items]
    index = SimilarityIndex.build(texts) if index is None else index
    words = index.word_weights(texts)
    names = index.term_names()
    clusters: list[tuple[tuple[int, int, int], Cluster]] = []
    for idx in members.values():
        rows = index.matrix[idx]
        centre = np.asarray(rows.mean(axis=0)).ravel()
        central = idx[int(np.argmax(rows @ centre))]
        weight = np.asarray(words[idx].sum(axis=0)).ravel()
        nonzero = np.flatnonzero(weight)
        order = nonzero[np.argsort(-weight[nonzero], kind="stable")]
        terms = tuple(names[k] for k in order if not names[k].startswith("#"))
        by_year: dict[int, list[Hashable]] = {}
        for i in idx:
            by_year.setdefault(items[i].year, []).append(items[i].id)
        years = tuple(sorted(by_year))
        theme_counts = Counter(t for i in idx if (t := items[i].theme))
        cluster = Cluster(
            label=items[central].text,
            terms=terms[:n_terms],
            years=years,
            count=len(idx),
            member_ids=tuple(items[i].id for i in idx),
            by_year={y: tuple(by_year[y]) for y in years},
            themes=tuple(
                t for t, _ in sorted(theme_counts.items(), key=lambda tc: (-tc[1], tc[0]))
            ),
        )
        clusters.append(((-len(years), -len(idx), idx[0]), cluster))
    clusters.sort(key=lambda pair: pair[0])
    return [cluster for _, cluster in clusters]


@dataclass(frozen=True)
class Recurrence:
    """Both views of one clustering: the recurring clusters and, per input, where else it was raised."""

    clusters: list[Cluster]
    also_raised: dict[Hashable, list[tuple[int, int]]]


def analyse_recurrence(
    items: Sequence[Item],
    *,
    min_years: int = 2,
    topic_threshold: float = TOPIC_THRESHOLD,
) -> Recurrence:
    """`recurring_clusters` and `also_raised` from a single clustering of `items`."""
    labels, index, _ = _cluster(
        items, topic_threshold=topic_threshold, duplicate_threshold=DEFAULT_THRESHOLD
    )
    clusters = build_clusters(items, labels, index=index)
    return Recurrence(
        clusters=[c for c in clusters if c.n_years >= min_years],
        also_raised=_also_raised(items, labels),
    )


@dataclass(frozen=True)
class ArchiveAnalysis:
    """Everything the archive's pages show about recurrence, from one pass over the inputs."""

    clusters: list[Cluster]  # every cluster, single inputs included, ranked as build_clusters
    duplicate_groups: list[tuple[Hashable, ...]]  # near-duplicates, groups of two or more
    similar: dict[Hashable, list[tuple[Hashable, float]]]  # similar_in_other_years


def analyse_archive(
    items: Sequence[Item], *, top_k: int = 5, topic_threshold: float = TOPIC_THRESHOLD
) -> ArchiveAnalysis:
    """Clusters, near-duplicate groups and similar inputs in other years, sharing one index."""
    labels, index, (left, right) = _cluster(
        items, topic_threshold=topic_threshold, duplicate_threshold=DEFAULT_THRESHOLD
    )
    groups: dict[int, list[Hashable]] = {}
    for i, group in enumerate(groups_from_pairs(len(items), left, right)):
        groups.setdefault(group, []).append(items[i].id)
    return ArchiveAnalysis(
        clusters=build_clusters(items, labels, index=index),
        duplicate_groups=[tuple(ids) for ids in groups.values() if len(ids) > 1],
        similar=similar_in_other_years(items, top_k=top_k, index=index),
    )


def recurring_clusters(
    items: Sequence[Item],
    *,
    min_years: int = 2,
    topic_threshold: float = TOPIC_THRESHOLD,
) -> list[Cluster]:
    """Clusters raised in at least `min_years` different years, most years first, then most inputs."""
    return analyse_recurrence(items, min_years=min_years, topic_threshold=topic_threshold).clusters


def also_raised(
    items: Sequence[Item],
    *,
    topic_threshold: float = TOPIC_THRESHOLD,
) -> dict[Hashable, list[tuple[int, int]]]:
    """For each item id, the other years its cluster was raised in and how often: [(year, n)]."""
    return _also_raised(items, cluster_items(items, topic_threshold=topic_threshold))


def _also_raised(
    items: Sequence[Item], labels: Sequence[int]
) -> dict[Hashable, list[tuple[int, int]]]:
    per_cluster: dict[int, Counter[int]] = {}
    for item, label in zip(items, labels, strict=True):
        per_cluster.setdefault(label, Counter())[item.year] += 1
    return {
        item.id: sorted((y, n) for y, n in per_cluster[label].items() if y != item.year)
        for item, label in zip(items, labels, strict=True)
    }


def similar_in_other_years(
    items: Sequence[Item],
    *,
    top_k: int = 5,
    min_score: float = TOPIC_THRESHOLD,
    max_dense: int = MAX_DENSE,
    index: SimilarityIndex | None = None,
) -> dict[Hashable, list[tuple[Hashable, float]]]:
    """For each item id, up to `top_k` most similar items from other years: [(id, score)], best first.

    Up to `max_dense` items all pairs are compared; above, only the candidates sharing a word.
    `index` is the items' SimilarityIndex when the caller has built it already.
    """
    if not items:
        return {}
    if index is None:
        index = SimilarityIndex.build([item.text for item in items])
    # Same-year neighbours are dropped afterwards, so ask for more than needed.
    rows, cols, scores = nearest_neighbours(
        index, top_k=4 * top_k + 1, exact=len(items) <= max_dense
    )
    years = np.asarray([item.year for item in items])
    # Compared in float64 as the exact path always was (the candidate search gives float32).
    scores = scores.astype(np.float64)
    keep = (scores >= min_score) & (years[rows] != years[cols])
    rows, cols, scores = rows[keep], cols[keep], scores[keep]
    # Rows come in order, so a match's rank within its row is its distance from the row's start.
    starts = np.searchsorted(rows, rows)
    best = np.arange(len(rows)) - starts < top_k
    found: list[list[tuple[Hashable, float]]] = [[] for _ in items]
    for i, j, score in zip(
        rows[best].tolist(), cols[best].tolist(), scores[best].tolist(), strict=True
    ):
        found[i].append((items[j].id, round(score, 4)))
    return {item.id: other for item, other in zip(items, found, strict=True)}
