"""Benchmark: `analyse_recurrence` over the whole archive, the bulk of the shared analysis task.

Usage: .venv/bin/python benchmarks/bench_recurrence.py [--quick] [--n N ...] [--exact]
       .venv/bin/python benchmarks/bench_recurrence.py --agree [--n N ...]
       .venv/bin/python benchmarks/bench_recurrence.py --dense [--n N ...]

The task worker re-clusters every published input once per data version (archive/services.py;
bench_shared_results.py times the whole task and the pages that read its result), so this is
most of the time after a write before the pages stop showing the previous result. Synthetic inputs splice two real labelled inputs at a random word boundary
(bench_classify's generator), spread over 12 years, 8 sessions a year and the labelled themes;
35 % are lightly reworded copies of an earlier input put in another year, so there are
recurring demands to find. Each size runs in a child process so its peak memory is its own.
Full: 10,000, 50,000 and 100,000 inputs; `--quick`: 10,000 only. Above MAX_DENSE the
clustering runs average linkage over the pairs of near neighbours
(`recurrence.neighbour_average_linkage`), found among candidates sharing a word
(`similarity.approximate_neighbours`); `--exact` times the all-pairs neighbour search it
replaced (quadratic: ten minutes at 100,000).

The same sizes then time `similar_in_other_years` (each input's 5 most similar inputs from
other years), which above MAX_DENSE takes its neighbours from the same candidate search, each
size in its own process; except with `--quick`, it also runs on 12,000 inputs with all pairs
compared, and prints the share of that exact result's (input, match) pairs the candidate
search returns too (recall).

`--agree` compares the two neighbour searches on 8,000, 12,000 and 20,000 inputs: the share of
the exact search's neighbour pairs above the threshold that the candidate search also finds
(recall) and the share of its own pairs the exact search has (precision), then the clusters
of both: adjusted Rand index of the labels and how many of the exact search's clusters raised
in ≥ 2 years come back with the same members.

`--dense` compares the large-archive clustering with average linkage on the full matrix (what
archives up to MAX_DENSE get) on 3,000 and 6,000 inputs: adjusted Rand index, cluster counts,
the largest cluster, and the recurring clusters both find with the same members.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
import numpy as np  # noqa: E402
from machine import cpu_model  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from innspill.analysis.recurrence import (  # noqa: E402
    MAX_DENSE,
    TOPIC_THRESHOLD,
    Item,
    analyse_recurrence,
    build_clusters,
    cluster_items,
    neighbour_pairs,
    similar_in_other_years,
)
from innspill.analysis.similarity import SimilarityIndex  # noqa: E402
from innspill.analysis.training import load_labelled  # noqa: E402

YEARS = list(range(2013, 2025))
SESSIONS_PER_YEAR = 8
# Where `similar_in_other_years` is compared with its all-pairs search (~15 s there).
SIMILAR_EXACT_N = 12_000


def synthetic_items(n: int, *, seed: int = 13, copy_share: float = 0.35) -> list[Item]:
    """`n` spliced inputs over 12 years; `copy_share` of them reword an earlier input."""
    labelled = load_labelled()
    words = [e.text.split() for e in labelled]
    themes = [e.theme for e in labelled]
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(words), n).tolist()
    b = rng.integers(0, len(words), n).tolist()
    years = rng.choice(YEARS, n).tolist()
    sessions = rng.integers(0, SESSIONS_PER_YEAR, n).tolist()
    is_copy = (rng.random(n) < copy_share).tolist()
    texts: list[list[str]] = []
    items: list[Item] = []
    for k in range(n):
        if k > 0 and is_copy[k]:
            source = int(rng.integers(0, k))
            text = list(texts[source])
            if len(text) > 3:
                del text[int(rng.integers(0, len(text)))]
            text.insert(int(rng.integers(0, len(text) + 1)), text[int(rng.integers(0, len(text)))])
            theme = items[source].theme
        else:
            left, right = words[a[k]], words[b[k]]
            text = (
                left[: int(rng.integers(1, len(left) + 1))]
                + right[int(rng.integers(0, len(right))) :]
            )
            theme = themes[a[k]]
        texts.append(text)
        year = years[k]
        items.append(
            Item(
                id=k,
                year=year,
                text=" ".join(text),
                session=f"Sesjon {year}-{sessions[k] + 1}",
                theme=theme,
            )
        )
    return items


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_one(n: int, *, exact: bool = False) -> dict[str, float]:
    """One size in this process: build the items, then time the clustering."""
    t0 = time.perf_counter()
    items = synthetic_items(n)
    generate = time.perf_counter() - t0
    before = rss_mb()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if exact:
        # analyse_recurrence with the all-pairs neighbour search it used before.
        labels = cluster_items(items, exact_neighbours=True)
        recurrence_clusters = build_clusters(items, labels)
    else:
        recurrence_clusters = analyse_recurrence(items, min_years=1).clusters
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    members = {pk: c for c in recurrence_clusters for pk in c.member_ids}
    multi = [c for c in recurrence_clusters if c.n_years >= 2]
    return {
        "n": n,
        "generate": generate,
        "wall": wall,
        "cpu": cpu,
        "rss_before": before,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "clusters": len(recurrence_clusters),
        "recurring": len(multi),
        "largest": max((c.count for c in recurrence_clusters), default=0),
        "members": len(members),
    }


def similar_one(n: int, *, exact: bool = False, pairs: bool = False) -> dict[str, object]:
    """`similar_in_other_years` on `n` inputs in this process; with `pairs`, the matches found."""
    items = synthetic_items(n)
    before = rss_mb()
    wall0, cpu0 = time.perf_counter(), time.process_time()
    found = similar_in_other_years(items, max_dense=n if exact else MAX_DENSE)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    out: dict[str, object] = {
        "n": n,
        "wall": wall,
        "cpu": cpu,
        "rss_before": before,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "matches": sum(len(matches) for matches in found.values()),
        "with_match": sum(1 for matches in found.values() if matches),
    }
    if pairs:
        out["pairs"] = [[i, j] for i, matches in found.items() for j, _ in matches]
    return out


def agreement(n: int) -> dict[str, float]:
    """The candidate search against the all-pairs search on `n` inputs: pairs, then clusters."""
    items = synthetic_items(n)
    index = SimilarityIndex.build([item.text for item in items])
    found: dict[bool, set[tuple[int, int]]] = {}
    seconds: dict[bool, float] = {}
    labels: dict[bool, list[int]] = {}
    recurring: dict[bool, set[tuple[object, ...]]] = {}
    for exact in (True, False):
        t0 = time.perf_counter()
        rows, cols, _ = neighbour_pairs(index, threshold=TOPIC_THRESHOLD, exact=exact)
        seconds[exact] = time.perf_counter() - t0
        found[exact] = set(zip(rows.tolist(), cols.tolist(), strict=True))
        labels[exact] = cluster_items(items, exact_neighbours=exact)
        recurring[exact] = {
            c.member_ids for c in build_clusters(items, labels[exact]) if c.n_years >= 2
        }
    both = found[True] & found[False]
    return {
        "n": n,
        "exact_pairs": len(found[True]),
        "approx_pairs": len(found[False]),
        "recall": len(both) / max(1, len(found[True])),
        "precision": len(both) / max(1, len(found[False])),
        "exact_s": seconds[True],
        "approx_s": seconds[False],
        "ari": adjusted_rand_score(labels[True], labels[False]),
        "exact_recurring": len(recurring[True]),
        "approx_recurring": len(recurring[False]),
        "same_recurring": len(recurring[True] & recurring[False]),
    }


def against_dense(n: int) -> dict[str, float]:
    """The large-archive clustering against average linkage on the full matrix, on `n` inputs."""
    items = synthetic_items(n)
    labels: dict[str, list[int]] = {}
    seconds: dict[str, float] = {}
    recurring: dict[str, set[tuple[object, ...]]] = {}
    for name, max_dense in (("dense", n), ("graph", 0)):
        t0 = time.perf_counter()
        labels[name] = cluster_items(items, max_dense=max_dense)
        seconds[name] = time.perf_counter() - t0
        recurring[name] = {
            c.member_ids for c in build_clusters(items, labels[name]) if c.n_years >= 2
        }
    sizes = {name: np.bincount(found) for name, found in labels.items()}
    return {
        "n": n,
        "dense_s": seconds["dense"],
        "graph_s": seconds["graph"],
        "ari": adjusted_rand_score(labels["dense"], labels["graph"]),
        "dense_clusters": len(sizes["dense"]),
        "graph_clusters": len(sizes["graph"]),
        "dense_largest": int(sizes["dense"].max()),
        "graph_largest": int(sizes["graph"].max()),
        "dense_recurring": len(recurring["dense"]),
        "graph_recurring": len(recurring["graph"]),
        "same_recurring": len(recurring["dense"] & recurring["graph"]),
    }


def gil_share(n: int) -> dict[str, float]:
    """How much slower pure-Python work in another thread gets while the clustering runs.

    The background recomputation shares the web process with its request threads; a fixed
    unit of Python work (about a millisecond) is timed alone, then every 5 ms while
    `analyse_recurrence` runs in a thread (a busy request thread, not a saturated one).
    """
    items = synthetic_items(n)

    def unit() -> float:
        t0 = time.perf_counter()
        sum(i * i for i in range(20_000))
        return time.perf_counter() - t0

    alone = []
    for _ in range(200):
        alone.append(unit())
        time.sleep(0.005)
    alone.sort()
    worker = threading.Thread(target=analyse_recurrence, args=(items,), kwargs={"min_years": 1})
    worker.start()
    shared = []
    while worker.is_alive():
        shared.append(unit())
        time.sleep(0.005)
    worker.join()
    shared.sort()
    return {
        "alone_p50": alone[len(alone) // 2],
        "shared_p50": shared[len(shared) // 2],
        "shared_p95": shared[int(len(shared) * 0.95)],
        "shared_max": shared[-1],
    }


def child(option: str, n: int, *extra: str) -> str:
    """Run one measurement in a fresh process (its own peak memory); its last line of output."""
    out = subprocess.run(
        [sys.executable, __file__, option, str(n), *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10,000 inputs only (< 30 s)")
    parser.add_argument("--n", type=int, nargs="+", help="sizes (default 10,000 50,000 100,000)")
    parser.add_argument(
        "--exact", action="store_true", help="time the all-pairs neighbour search instead"
    )
    parser.add_argument(
        "--agree",
        action="store_true",
        help="candidate vs all-pairs neighbours (default sizes 8,000 12,000 20,000)",
    )
    parser.add_argument(
        "--dense",
        action="store_true",
        help="large-archive clustering vs average linkage on the full matrix (default 3,000 6,000)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    parser.add_argument("--dense-one", type=int, help=argparse.SUPPRESS)  # child: vs dense
    parser.add_argument("--gil", type=int, help=argparse.SUPPRESS)  # child process: GIL share
    parser.add_argument("--agree-one", type=int, help=argparse.SUPPRESS)  # child: agreement
    parser.add_argument("--similar-one", type=int, help=argparse.SUPPRESS)  # child: similar
    parser.add_argument("--pairs", action="store_true", help=argparse.SUPPRESS)  # with the above
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, exact=args.exact)))
        return
    if args.gil:
        print(json.dumps(gil_share(args.gil)))
        return
    if args.agree_one:
        print(json.dumps(agreement(args.agree_one)))
        return
    if args.similar_one:
        print(json.dumps(similar_one(args.similar_one, exact=args.exact, pairs=args.pairs)))
        return
    if args.dense_one:
        print(json.dumps(against_dense(args.dense_one)))
        return
    if args.dense:
        print_against_dense(args.n or [3_000, 6_000])
        return
    if args.agree:
        print_agreement(args.n or [8_000, 12_000, 20_000])
        return
    sizes = args.n or ([10_000] if args.quick else [10_000, 50_000, 100_000])
    print(
        heading(
            "",
            f"{os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}  ",
        )
    )
    search = "all-pairs (--exact)" if args.exact else "candidates sharing a word"
    print(
        f"analyse_recurrence(min_years=1) on synthetic inputs over {len(YEARS)} years; "
        f"above {MAX_DENSE:,} inputs the clustering runs average linkage over the pairs of "
        f"near neighbours, found among {search}"
    )
    print("       n   wall s    CPU s   peak MB (+ over texts)   clusters  in ≥2 years  largest")
    for n in sizes:
        r = json.loads(child("--one", n, *(["--exact"] if args.exact else [])))
        print(
            f"{r['n']:>8,} {r['wall']:8.1f} {r['cpu']:8.1f} {r['peak']:9,.0f}"
            f" (+{r['peak'] - r['rss_before']:,.0f}){'':>10} {r['clusters']:>9,}"
            f" {r['recurring']:>12,} {r['largest']:>8,}"
        )
    n = sizes[0]
    g = json.loads(child("--gil", n))
    print(
        f"pure-Python work unit in another thread while {n:,} inputs are clustered: "
        f"p50 {g['shared_p50'] * 1000:.1f} ms (alone {g['alone_p50'] * 1000:.1f} ms), "
        f"p95 {g['shared_p95'] * 1000:.1f} ms, max {g['shared_max'] * 1000:.1f} ms"
    )
    print_similar(sizes, exact=args.exact, compare=not args.quick)


def print_similar(sizes: list[int], *, exact: bool, compare: bool) -> None:
    search = "all pairs (--exact)" if exact else "candidates sharing a word"
    print(
        f"similar_in_other_years(top_k=5): above {MAX_DENSE:,} inputs the neighbours are "
        f"found among {search}"
    )
    print("       n   search   wall s    CPU s   peak MB (+ over texts)    matches  with a match")
    rows = [(n, exact) for n in sizes]
    if compare:
        rows += [(SIMILAR_EXACT_N, True), (SIMILAR_EXACT_N, False)]
    found: dict[bool, set[tuple[int, int]]] = {}
    for n, all_pairs in rows:
        extra = ["--exact"] if all_pairs else []
        if compare and n == SIMILAR_EXACT_N:
            extra.append("--pairs")
        r = json.loads(child("--similar-one", n, *extra))
        if "pairs" in r:
            found[all_pairs] = {(i, j) for i, j in r["pairs"]}
        print(
            f"{r['n']:>8,} {'exact' if all_pairs else 'cand.':>8} {r['wall']:8.1f} {r['cpu']:8.1f}"
            f" {r['peak']:9,.0f} (+{r['peak'] - r['rss_before']:,.0f}){'':>10}"
            f" {r['matches']:>10,} {r['with_match']:>13,}"
        )
    if compare:
        both = found[True] & found[False]
        print(
            f"recall at {SIMILAR_EXACT_N:,}: {len(both) / max(1, len(found[True])):.4f} of the "
            f"exact search's {len(found[True]):,} (input, match) pairs; precision "
            f"{len(both) / max(1, len(found[False])):.4f}"
        )


def heading(mode: str, machine: str = "") -> str:
    """First line of a run's output: which run, when, on what, under what load."""
    return (
        f"# bench_recurrence{mode}  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
        f"  {machine}load average {os.getloadavg()[0]:.2f}"
    )


def print_agreement(sizes: list[int]) -> None:
    print(heading(" --agree"))
    print(
        "       n  exact pairs  cand. pairs  recall  precision  exact s  cand. s     ARI"
        "  recurring exact / cand. / same members"
    )
    for n in sizes:
        r = json.loads(child("--agree-one", n))
        print(
            f"{r['n']:>8,} {r['exact_pairs']:>12,} {r['approx_pairs']:>12,} {r['recall']:7.4f}"
            f" {r['precision']:10.4f} {r['exact_s']:8.1f} {r['approx_s']:8.1f} {r['ari']:7.4f}"
            f"  {r['exact_recurring']:,} / {r['approx_recurring']:,} / {r['same_recurring']:,}"
        )


def print_against_dense(sizes: list[int]) -> None:
    print(heading(" --dense"))
    print(
        "       n  dense s  graph s     ARI  clusters dense / graph  largest dense / graph"
        "  recurring dense / graph / same members"
    )
    for n in sizes:
        r = json.loads(child("--dense-one", n))
        print(
            f"{r['n']:>8,} {r['dense_s']:8.1f} {r['graph_s']:8.1f} {r['ari']:7.4f}"
            f"  {r['dense_clusters']:>14,} / {r['graph_clusters']:<6,}"
            f"  {r['dense_largest']:>13,} / {r['graph_largest']:<6,}"
            f"  {r['dense_recurring']:,} / {r['graph_recurring']:,} / {r['same_recurring']:,}"
        )


if __name__ == "__main__":
    main()
