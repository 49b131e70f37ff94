"""Issue 4's end-to-end target: classify AND group near-duplicates for 1,000,000 synthetic inputs.

Target: under 5 minutes and under 4 GB on the 2-core machine. Inputs are spliced from pairs of
real labelled inputs (bench_classify's generator: realistic words and length), and 35 % of them
are lightly reworded copies of earlier ones (a word dropped, one added), so there is something
to group. The shipped classifier and MinHash/LSH grouping run in one process; the script prints
wall time, CPU time and peak memory per stage. `--quick` runs 50,000 inputs.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import numpy as np  # noqa: E402
from bench_classify import synthetic_inputs as spliced_inputs  # noqa: E402

from innspill.analysis import classifier  # noqa: E402
from innspill.analysis.neardup import group_near_duplicates  # noqa: E402


def synthetic_inputs(n: int, *, seed: int = 11, dup_share: float = 0.35) -> list[str]:
    texts = spliced_inputs(n, seed=seed)
    rng = np.random.default_rng(seed)
    for i in np.flatnonzero(rng.random(n) < dup_share).tolist():
        if i == 0:
            continue
        words = texts[int(rng.integers(0, i))].split()
        if len(words) > 3:
            del words[int(rng.integers(0, len(words)))]
        words.insert(int(rng.integers(0, len(words) + 1)), words[int(rng.integers(0, len(words)))])
        texts[i] = " ".join(words)
    return texts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n = 50_000 if args.quick else args.n
    texts = synthetic_inputs(n)
    print(
        f"{n:,} synthetic inputs, {sum(len(t.split()) for t in texts) / n:.1f} words on average; "
        f"peak so far {peak_mb():.0f} MB"
    )
    wall0, cpu0 = time.perf_counter(), time.process_time()
    model = classifier.load_model()
    kinds: dict[str, int] = {}
    for start in range(0, n, 20_000):
        for result in classifier.classify_with(model, texts[start : start + 20_000]):
            kinds[result.kind] = kinds.get(result.kind, 0) + 1
    wall1, cpu1 = time.perf_counter(), time.process_time()
    print(
        f"classify: {wall1 - wall0:.1f} s wall, {cpu1 - cpu0:.1f} s CPU, "
        f"{n / (cpu1 - cpu0):,.0f} inputs/s per core; kinds {kinds}"
    )
    groups = group_near_duplicates(texts)
    wall2, cpu2 = time.perf_counter(), time.process_time()
    print(
        f"near-duplicate groups: {len(set(groups)):,} for {n:,} inputs in {wall2 - wall1:.1f} s wall, "
        f"{cpu2 - cpu1:.1f} s CPU"
    )
    total = wall2 - wall0
    print(
        f"TOTAL classify + group: {total:.1f} s wall ({total / 60:.2f} min, target < 5 min), "
        f"{cpu2 - cpu0:.1f} s CPU, peak memory {peak_mb():.0f} MB (target < 4096 MB)"
    )


if __name__ == "__main__":
    main()
