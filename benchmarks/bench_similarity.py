"""Benchmark: near-duplicate grouping (MinHash/LSH) against all pairs, and similarity queries.

    .venv/bin/python benchmarks/bench_similarity.py            # 1,000,000 inputs, 20,000 all-pairs
    .venv/bin/python benchmarks/bench_similarity.py --quick    # small sizes, well under 30 s
    .venv/bin/python benchmarks/bench_similarity.py --n 200000 # choose the grouping size

Synthetic inputs are 10-30 words drawn from the Norwegian hunspell word list (Zipf-weighted,
with function words mixed in); about a third are edited copies (1-3 words replaced, dropped or
added) of an earlier input, so there are real near-duplicate groups to find.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from innspill.analysis.neardup import (  # noqa: E402
    DEFAULT_THRESHOLD,
    exact_near_duplicate_pairs,
    groups_from_pairs,
    near_duplicate_pairs,
    pair_agreement,
    token_sets,
)
from innspill.analysis.similarity import SimilarityIndex  # noqa: E402
from innspill.analysis.text import STOPWORDS  # noqa: E402

HUNSPELL = Path("/usr/share/hunspell/nb_NO.dic")


@lru_cache(maxsize=4)
def vocabulary(size: int, seed: int) -> list[str]:
    words = []
    for line in HUNSPELL.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        word = line.split("/", 1)[0]
        if word.isalpha() and word.islower() and 3 <= len(word) <= 16:
            words.append(word)
    random.Random(seed).shuffle(words)
    return words[:size]


def synthetic_inputs(n: int, *, seed: int = 7, dup_share: float = 0.35) -> list[str]:
    """`n` texts of 10-30 words; `dup_share` of them are lightly edited copies of earlier ones."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(40_000, seed)
    weights = 1.0 / (np.arange(len(vocab)) + 20.0)
    weights /= weights.sum()
    stop = sorted(STOPWORDS)
    texts: list[str] = []
    for start in range(0, n, 50_000):
        size = min(50_000, n - start)
        lengths = rng.integers(10, 31, size=size)
        content = rng.choice(len(vocab), size=int(lengths.sum()), p=weights).tolist()
        is_stop = (rng.random(len(content)) < 0.35).tolist()
        stop_pick = rng.integers(0, len(stop), size=len(content)).tolist()
        tokens = [
            stop[s] if st else vocab[c]
            for c, st, s in zip(content, is_stop, stop_pick, strict=True)
        ]
        offsets = np.r_[0, np.cumsum(lengths)].tolist()
        is_copy = (rng.random(size) < dup_share).tolist()
        extra = rng.choice(len(vocab), size=3 * size, p=weights).tolist()
        for k in range(size):
            i = start + k
            if i > 0 and is_copy[k]:
                words = texts[int(rng.integers(0, i))].split()
                for e in range(int(rng.integers(1, 4))):
                    op = rng.integers(0, 3)
                    pos = int(rng.integers(0, len(words)))
                    if op == 0:
                        words[pos] = vocab[extra[3 * k + e]]
                    elif op == 1 and len(words) > 10:
                        del words[pos]
                    else:
                        words.insert(pos, vocab[extra[3 * k + e]])
                texts.append(" ".join(words))
            else:
                texts.append(" ".join(tokens[offsets[k] : offsets[k + 1]]))
    return texts


class RssWatch:
    """Highest resident set size seen while the block runs (polls /proc/self/statm)."""

    def __enter__(self) -> RssWatch:
        self.start = current_rss_mb()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()
        return self

    def _poll(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, current_rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, current_rss_mb())


def current_rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_grouping(n: int) -> None:
    t0 = time.perf_counter()
    texts = synthetic_inputs(n)
    t_gen = time.perf_counter() - t0
    cpu0 = time.process_time()
    with RssWatch() as watch:
        t0 = time.perf_counter()
        sets = token_sets(texts)
        t_tok = time.perf_counter() - t0
        t0 = time.perf_counter()
        left, right, _ = near_duplicate_pairs(sets, threshold=DEFAULT_THRESHOLD)
        t_lsh = time.perf_counter() - t0
        t0 = time.perf_counter()
        groups = groups_from_pairs(n, left, right)
        t_uf = time.perf_counter() - t0
    total = t_tok + t_lsh + t_uf
    cpu = time.process_time() - cpu0
    n_groups = len(set(groups))
    print(f"## grouping {n:,} inputs (threshold {DEFAULT_THRESHOLD})")
    print(f"  generate synthetic texts   {t_gen:8.1f} s (not counted)")
    print(f"  tokenise + stem            {t_tok:8.1f} s")
    print(f"  MinHash/LSH + verify       {t_lsh:8.1f} s   ({len(left):,} pairs kept)")
    print(f"  union-find                 {t_uf:8.1f} s")
    print(f"  total                      {total:8.1f} s   = {n / total:,.0f} inputs/s")
    print(
        f"  CPU time of this process   {cpu:8.1f} s   (wall clock suffers when the machine is shared)"
    )
    print(f"  groups {n_groups:,} (multi-member: {n - n_groups:,} inputs merged)")
    print(
        f"  memory: RSS {watch.start:,.0f} MB with the texts loaded, peak {watch.peak:,.0f} MB"
        f" during grouping (+{watch.peak - watch.start:,.0f} MB); process peak {peak_rss_mb():,.0f} MB"
    )


def same_members_share(found: list[int], reference: list[int]) -> float:
    """Share of inputs whose group has the same members under both groupings."""
    f = np.asarray(found)
    r = np.asarray(reference)
    both = f * (r.max() + 1) + r

    def sizes(labels: np.ndarray) -> np.ndarray:
        _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
        return counts[inverse]

    return float(np.mean((sizes(f) == sizes(both)) & (sizes(r) == sizes(both))))


def bench_all_pairs(n: int) -> None:
    texts = synthetic_inputs(n, seed=11)
    sets = token_sets(texts)
    t0 = time.perf_counter()
    left, right, _ = near_duplicate_pairs(sets, threshold=DEFAULT_THRESHOLD)
    fast_groups = groups_from_pairs(n, left, right)
    t_fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    eleft, eright, _ = exact_near_duplicate_pairs(sets, threshold=DEFAULT_THRESHOLD)
    exact_groups = groups_from_pairs(n, eleft, eright)
    t_exact = time.perf_counter() - t0
    precision, recall = pair_agreement(fast_groups, exact_groups)
    fast_pairs = set(zip(left.tolist(), right.tolist(), strict=True))
    exact_pairs = set(zip(eleft.tolist(), eright.tolist(), strict=True))
    pair_recall = len(fast_pairs & exact_pairs) / max(len(exact_pairs), 1)
    identical = same_members_share(fast_groups, exact_groups)
    # The naive loop: Python sets, every pair; timed on a sample and scaled to all pairs.
    py_sets = [set(sets.indices[sets.indptr[i] : sets.indptr[i + 1]].tolist()) for i in range(n)]
    sample = 300_000
    pairs = itertools.islice(itertools.combinations(range(n), 2), sample)
    t0 = time.perf_counter()
    for i, j in pairs:
        a, b = py_sets[i], py_sets[j]
        inter = len(a & b)
        _ = inter / (len(a) + len(b) - inter or 1) >= DEFAULT_THRESHOLD
    t_naive = (time.perf_counter() - t0) / sample * (n * (n - 1) / 2)
    print(f"## LSH vs all pairs on {n:,} inputs (threshold {DEFAULT_THRESHOLD})")
    print(f"  LSH grouping               {t_fast:8.2f} s")
    print(f"  all pairs, sparse blocks   {t_exact:8.2f} s   speed-up x{t_exact / t_fast:.1f}")
    print(
        f"  all pairs, Python loop     {t_naive:8.0f} s (extrapolated from {sample:,} pairs)"
        f"   speed-up x{t_naive / t_fast:.0f}"
    )
    print(
        f"  near-duplicate pairs: all-pairs {len(exact_pairs):,}, LSH {len(fast_pairs):,},"
        f" pair recall {pair_recall:.4f}"
    )
    print(
        f"  same-group pairs: precision {precision:.4f}, recall {recall:.4f};"
        f" {identical:.2%} of inputs are in a group with exactly the same members"
    )


def bench_query(n: int, n_queries: int) -> None:
    texts = synthetic_inputs(n, seed=3)
    queries = synthetic_inputs(n_queries, seed=5)
    t0 = time.perf_counter()
    index = SimilarityIndex.build(texts)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.query(queries, top_k=5)
    t_query = time.perf_counter() - t0
    # Naive: cosine against every corpus vector one by one (sparse dot per pair), on a sample.
    qm = index.vectorise(queries[:3])
    t0 = time.perf_counter()
    for q in range(qm.shape[0]):
        row = qm[q]
        scores = [row.multiply(index.matrix[j]).sum() for j in range(min(n, 2000))]
        sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:5]
    t_naive = (time.perf_counter() - t0) / qm.shape[0] * n / min(n, 2000)
    print(f"## similarity index, {n:,} corpus texts, {n_queries:,} queries")
    print(f"  build                      {t_build:8.2f} s   ({n / t_build:,.0f} texts/s)")
    print(
        f"  query                      {t_query / n_queries * 1000:8.2f} ms/query"
        f"   ({n_queries / t_query:,.0f} queries/s)"
    )
    print(
        f"  naive per-pair loop        {t_naive * 1000:8.0f} ms/query (extrapolated)"
        f"   speed-up x{t_naive / (t_query / n_queries):,.0f}"
    )


LABELLED = (
    Path(__file__).resolve().parent.parent / "src/innspill/analysis/data/labelled_inputs.jsonl"
)
VARIANTS = {
    "full (default)": {},
    "no char 4-grams": {"char_weight": 0.0},
    "no concept list": {"concepts": {}},
    "no compound split": {"split_compounds": False},
    "stems only": {"char_weight": 0.0, "concepts": {}, "split_compounds": False},
}


def bench_quality(*, quick: bool) -> None:
    """Nearest neighbour from another report: does it share a hand-labelled theme?"""
    if not LABELLED.exists():
        print("## representation quality: labelled_inputs.jsonl not found, skipped")
        return
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r.get("label_origin") == "hand" and r.get("themes")]
    texts = [r["text"] for r in rows]
    sources = np.array([r["source"] for r in rows])
    print(
        f"## representation quality: {len(rows)} hand-labelled inputs, neighbours from other reports"
    )
    print("  variant                  theme shared @1   @5 (share of the 5)")
    other = sources[:, None] != sources[None, :]
    primaries = [r["theme"] for r in rows]
    chance = np.mean(
        [
            np.mean([primaries[j] in set(r["themes"]) for j in np.flatnonzero(other[i])])
            for i, r in enumerate(rows)
        ]
    )
    print(f"  random other-report input   {chance:.3f}")
    variants = {k: VARIANTS[k] for k in ("full (default)", "stems only")} if quick else VARIANTS
    for name, options in variants.items():
        index = SimilarityIndex.build(texts, **options)
        sims = (index.matrix @ index.matrix.T).toarray()
        sims[sources[:, None] == sources[None, :]] = -1.0
        hit1 = []
        hit5 = []
        for i, row in enumerate(rows):
            order = np.argsort(-sims[i], kind="stable")[:5]
            wanted = set(row["themes"])
            shares = [rows[j]["theme"] in wanted for j in order if sims[i, j] > 0]
            if shares:
                hit1.append(shares[0])
                hit5.append(np.mean(shares))
        print(f"  {name:24s} {np.mean(hit1):8.3f}        {np.mean(hit5):.3f}   (n={len(hit1)})")


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small sizes (under ~30 s)")
    parser.add_argument("--n", type=int, help="inputs to group (default 1,000,000; quick 30,000)")
    parser.add_argument("--pairs-n", type=int, help="inputs for the all-pairs comparison")
    parser.add_argument("--grouping-only", action="store_true", help="skip all-pairs and queries")
    args = parser.parse_args()
    n = args.n or (30_000 if args.quick else 1_000_000)
    pairs_n = args.pairs_n or (4_000 if args.quick else 20_000)
    print(f"# bench_similarity  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {machine()}")
    if not args.grouping_only:
        bench_quality(quick=args.quick)
        bench_all_pairs(pairs_n)
        bench_query(3_000 if args.quick else 20_000, 100 if args.quick else 1_000)
    bench_grouping(n)


if __name__ == "__main__":
    main()
