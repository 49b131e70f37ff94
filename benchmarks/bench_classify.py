"""Benchmark: classify() throughput on realistic synthetic inputs, against a naive per-input loop.

Usage: .venv/bin/python benchmarks/bench_classify.py [--quick] [--n N]

Synthetic inputs splice the first part of one real labelled input onto the end of another
(seeded), so length, vocabulary and the share of unseen word combinations are realistic.
Everything runs in one process on one core; the figure is inputs per second per core after
start-up (model load and first call are timed separately).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from machine import cpu_model  # noqa: E402

# One core: keep numerical libraries from spreading work over threads (set before importing).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from innspill.analysis import classifier as clf  # noqa: E402
from innspill.analysis.training import load_labelled  # noqa: E402


def synthetic_inputs(n: int, *, seed: int = 7) -> list[str]:
    """`n` inputs spliced from pairs of real inputs at a random word boundary."""
    texts = [e.text.split() for e in load_labelled()]
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(texts), n)
    b = rng.integers(0, len(texts), n)
    out = []
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        left, right = texts[i], texts[j]
        cut_l = int(rng.integers(1, len(left) + 1))
        cut_r = int(rng.integers(0, len(right)))
        out.append(" ".join(left[:cut_l] + right[cut_r:]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small run for make bench (< 30 s)")
    parser.add_argument("--n", type=int, default=None, help="number of synthetic inputs")
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    n = args.n or (40_000 if args.quick else 400_000)
    n_naive = 600 if args.quick else 3_000

    print(f"# bench_classify  cpu={cpu_model()}  nproc={os.cpu_count()}  n={n}")
    t0 = time.perf_counter()
    model = clf.load_model()
    clf.classify_with(model, ["Kommunen bør gi innvandrerorganisasjonene lokaler"])
    startup = time.perf_counter() - t0
    print(f"start-up (load model + first call): {startup:.2f} s")

    texts = synthetic_inputs(n)
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(
        f"synthetic inputs: {n}, mean {words:.1f} words / {np.mean([len(t) for t in texts]):.0f} chars"
    )

    # Warm the word table on a separate sample so the timed run is the steady state.
    clf.classify_with(model, synthetic_inputs(20_000, seed=99))

    # The machine is shared, so wall time includes waiting for the CPU; CPU time of this
    # single-threaded process is the per-core figure. Both are printed.
    t0, c0 = time.perf_counter(), time.process_time()
    results = []
    for start in range(0, n, args.batch):
        results.extend(clf.classify_with(model, texts[start : start + args.batch]))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = n / cpu
    print(
        f"classify, batches of {args.batch}: {cpu:.2f} s CPU ({wall:.2f} s wall)  →  "
        f"{rate:,.0f} inputs/s per core ({n / wall:,.0f}/s wall)"
    )

    # As the product classifies: each input with its «session title / group heading»; a
    # session of ~20 inputs shares its headings.
    headings = [
        f"Parallellsesjon {i // 200 % 8 + 1} Hvordan styrke arbeid og kvalifisering? / "
        f"Gruppe {i // 20 % 10}"
        for i in range(n)
    ]
    c0 = time.process_time()
    for start in range(0, n, args.batch):
        clf.classify_with(
            model,
            texts[start : start + args.batch],
            groups=headings[start : start + args.batch],
        )
    heading_rate = n / (time.process_time() - c0)
    print(
        f"with headings as context (as the product calls it): {heading_rate:,.0f} inputs/s per core"
    )

    t0, c0 = time.perf_counter(), time.process_time()
    naive = [clf.classify_with(model, [t])[0] for t in texts[:n_naive]]
    naive_cpu, naive_wall = time.process_time() - c0, time.perf_counter() - t0
    naive_rate = n_naive / naive_cpu
    print(
        f"naive loop, one input per call: {naive_rate:,.0f} inputs/s per core "
        f"({n_naive / naive_wall:,.0f}/s wall)"
    )
    print(f"speed-up of batching: {rate / naive_rate:.1f}×")
    assert [r.themes for r in naive] == [r.themes for r in results[:n_naive]]

    # Unseen words cost a one-off analysis each (stemming, compound split, lexicon lookup).
    rng = np.random.default_rng(3)
    letters = np.array(list("abdefghiklmnoprstuvyæøå"))
    fresh = [
        f"{t} {''.join(rng.choice(letters, 9))}" for t in synthetic_inputs(n_naive * 5, seed=5)
    ]
    c0 = time.process_time()
    clf.classify_with(model, fresh)
    fresh_rate = len(fresh) / (time.process_time() - c0)
    print(f"with one never-seen word per input: {fresh_rate:,.0f} inputs/s per core")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak_mb:.0f} MB; word table: {len(model.tables().words):,} words")
    target = 20_000
    print(f"target ≥ {target:,} inputs/s per core: {'met' if rate >= target else 'NOT met'}")


if __name__ == "__main__":
    main()
