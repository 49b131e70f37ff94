"""Benchmark: how fast the classifier learns a new report from a few of its labelled inputs.

Usage: .venv/bin/python benchmarks/bench_adapt.py [--quick] [--seeds N] [--write]

For each corpus report in turn (the `source` of the labelled data), the model is trained
without it, settings chosen by cross-validation inside the other reports as `evaluate` does.
Then k = 10, 20, 40 of that report's hand-labelled inputs are drawn at random (one permutation
per seed, so the 10 are among the 20 and the 20 among the 40) and the rest of the report is
scored: theme-set F1 and kind balanced accuracy (tiltak/barriere), for

- adapted: `analysis.adapt.adapt` (refit with the k inputs as corrections weighing
  `adapt.WEIGHT`, plus what labelled inputs under the same heading say);
- naive: the same k inputs simply appended to the training data with weight 1.

k = 0 is the model without any of the report's labels. `--write` writes
benchmarks/results/adapt.md (the issue's goal: after 20, theme-set F1 ≥ 0.80 and kind
balanced accuracy ≥ 0.85 on the rest).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import time
from pathlib import Path

# One core per process: the machine is shared (set before importing numpy).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from machine import cpu_model  # noqa: E402

from innspill.analysis import adapt  # noqa: E402
from innspill.analysis import classifier as clf  # noqa: E402
from innspill.analysis import training as tr  # noqa: E402

SIZES = (10, 20, 40)
GOAL_F1 = 0.80
GOAL_KIND = 0.85
GOAL_AT = 20
RESULTS = Path(__file__).resolve().parent / "results" / "adapt.md"
# `adapt.WEIGHT` and `adapt.GROUP_WEIGHT` were chosen on draws with seeds 0–2; the benchmark
# scores draws that played no part in choosing them.
FIRST_SEED = 100


# What was tried while choosing the method (seeds 0–2, the same leave-one-report-out set-up);
# written into results/adapt.md after the table.
NOTES = """
## What was tried (development draws, seeds 0–2)

Mean theme-set F1 / kind balanced accuracy on the rest after 20 labels, per held-out report
(2015 / 2017 / 2019 / 2020):

| variant | theme-set F1 | kind bal. acc. |
|---|---|---|
| naive (appended, weight 1) | 0.794 / 0.820 / 0.670 / 0.634 | 0.788 / 0.747 / 0.754 / 0.879 |
| refit with the labels as corrections weighing 3 / 10 / 30 | within 0.006 of naive | 2019: 0.760 / 0.774 / 0.776; 2020: 0.879 / 0.845 / 0.845 |
| weight 5 + heading evidence 0.1 / **0.2** / 0.25 / 0.5 / 1 | **0.804 / 0.811 / 0.673 / 0.657** at 0.2; 0.5 no better, 1 loses up to 0.05 (2017, 2019) | unchanged (themes only) |
| weight 5 / 20 / 50 with the lexicon weight divided by 2 / 4 / 10, so the refitted word model counts more | 2015 / 2017 / 2020 between −0.01 and +0.015; 2019 −0.005 / −0.02 / −0.08 | – |
| + the labels' theme shares as a prior shift (0.1–1) | ±0.005, 1.0 loses up to 0.03 | – |
| + kNN votes of the labelled inputs (cosine of the model's features) | −0.03 to +0.01 at the smallest weight tried, down to −0.2 at larger ones | – |
| + threshold and ratio re-chosen on the labelled inputs | 2017 +0.01, 2020 −0.02 to −0.04 | – |
| + all post-processing settings re-chosen on the labelled inputs | −0.02 to −0.04 on 2019 / 2020 | – |
| + kind shares of labelled inputs under the same heading (0.5–4) | – | 2015 +0.01, 2020 −0.03 to −0.07 |
| + report kind prior (log share) | – | 2015 +0.01, the others −0.01 to −0.07 |
| + kind rules re-chosen on the labelled inputs | – | 2017 +0.05, 2015 −0.03 |

Why so little moves: the shipped settings weigh the lexicon 5–50 times the word model
(`lexicon_weight`), so refitting the word model on 20 more inputs barely changes a theme
score, and wording rules settle most tiltak/barriere before the kind model is asked. Even
settings chosen on the whole held-out report (an oracle) reach only 0.685 (2019) and
0.647 (2020) theme-set F1, 0.722 / 0.675 with per-theme offsets also fitted on it: the
ranking of themes, not the cut-offs, is what falls short on those two reports.
"""


def scores(results: list[clf.Classification], truth: list[tr.LabelledInput]) -> tuple[float, float]:
    _, f1 = tr.theme_metrics([list(r.themes) for r in results], [e.themes for e in truth])
    ba = tr.kind_balanced_accuracy([r.kind for r in results], [e.kind or "" for e in truth])
    return f1, ba


def run(seeds: list[int]) -> dict[tuple[str, int, str], list[tuple[float, float]]]:
    """(report, k, method) → one (theme F1, kind balanced accuracy) per seed."""
    data = tr.load_labelled()
    sources = sorted({e.source for e in data if e.label_origin == "hand"})
    out: dict[tuple[str, int, str], list[tuple[float, float]]] = {}
    for source in sources:
        started = time.process_time()
        train = [e for e in data if e.source != source]
        report = [e for e in data if e.source == source and e.label_origin == "hand"]
        params, _ = tr.select_params(train)
        base = tr.fit(train, params)
        got = clf.classify_with(base, [e.text for e in report], groups=[e.group for e in report])
        out[(source, 0, "adapted")] = out[(source, 0, "naive")] = [scores(got, report)]
        for seed in seeds:
            order = np.random.default_rng(seed).permutation(len(report)).tolist()
            for k in SIZES:
                labelled = [report[i] for i in order[:k]]
                rest = [report[i] for i in order[k:]]
                texts, groups = [e.text for e in rest], [e.group for e in rest]
                adapted = adapt.adapt(base, labelled, data=train)
                out.setdefault((source, k, "adapted"), []).append(
                    scores(adapted.classify(texts, groups=groups), rest)
                )
                naive = tr.fit([*train, *labelled], params)
                out.setdefault((source, k, "naive"), []).append(
                    scores(clf.classify_with(naive, texts, groups=groups), rest)
                )
        print(f"{source}: {len(report)} inputs, {time.process_time() - started:.1f} s CPU")
    return out


def _cell(values: list[float]) -> str:
    values = [v for v in values if not math.isnan(v)]
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.3f}"
    return f"{np.mean(values):.3f} ({min(values):.3f})"


def table(out: dict[tuple[str, int, str], list[tuple[float, float]]]) -> list[str]:
    sources = sorted({s for s, _, _ in out})
    sizes = (0, *SIZES)
    # Worst first: by the adapted model's mean theme-set F1 after GOAL_AT labels.
    sources.sort(key=lambda s: float(np.mean([f for f, _ in out[(s, GOAL_AT, "adapted")]])))
    lines = [
        "| held-out report | labelled | theme-set F1 adapted | naive | "
        "kind bal. acc. adapted | naive |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for source in sources:
        for k in sizes:
            a, n = out[(source, k, "adapted")], out[(source, k, "naive")]
            lines.append(
                f"| {source} | {k} | {_cell([f for f, _ in a])} | {_cell([f for f, _ in n])} | "
                f"{_cell([b for _, b in a])} | {_cell([b for _, b in n])} |"
            )
    for k in sizes:
        # Overall: the mean over reports of each seed's score, so min is the worst seed's mean.
        cells = []
        for method in ("adapted", "naive"):
            for j in (0, 1):
                per_seed = np.array([[r[j] for r in out[(s, k, method)]] for s in sources])
                cells.append(_cell(np.nanmean(per_seed, axis=0).tolist()))
        lines.append(
            f"| **all four, mean** | {k} | {cells[0]} | {cells[2]} | {cells[1]} | {cells[3]} |"
        )
    return lines


def adapt_seconds() -> float:
    """CPU seconds of one `adapt` of the shipped model on 20 labelled inputs."""
    model = clf.load_model()
    labelled = tr.load_labelled()[:20]
    started = time.process_time()
    adapt.adapt(model, labelled)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 seeds (make bench)")
    parser.add_argument("--seeds", type=int, default=None, help="number of random draws")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/adapt.md")
    args = parser.parse_args()
    seeds = [FIRST_SEED + i for i in range(args.seeds or (3 if args.quick else 10))]
    started = time.perf_counter()
    seconds = adapt_seconds()
    out = run(seeds)
    wall = time.perf_counter() - started
    at_goal = [
        (s, np.mean([f for f, _ in v]), np.nanmean([b for _, b in v]))
        for (s, k, m), v in out.items()
        if k == GOAL_AT and m == "adapted"
    ]
    met = [s for s, f, b in at_goal if f >= GOAL_F1 and b >= GOAL_KIND]
    head = [
        "# Adapting the classifier to a new report (issue 16 item 5)",
        "",
        f"`benchmarks/bench_adapt.py --seeds {len(seeds)} --write`, {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
        f"`nproc` = {os.cpu_count()}, {cpu_model()}, Python {platform.python_version()}, "
        f"one core per process; {wall:.0f} s wall for the whole run.",
        "",
        "Leave one report out: the model is trained without the report (settings by "
        "cross-validation inside the other three), then k of the report's hand-labelled inputs "
        f"are drawn at random (NumPy seeds {seeds[0]}–{seeds[-1]}, one permutation per seed: the 10 "
        "are among the 20, the 20 among the 40) and **the rest of the report** is scored. "
        "Cells: mean over the seeds (min in brackets). Kind balanced accuracy is the mean "
        "recall of tiltak and barriere. *Adapted* is `analysis.adapt.adapt`: refit with the "
        f"k inputs as staff corrections weighing {adapt.WEIGHT:g} each, plus the share of "
        "labelled inputs under the same heading carrying each theme as evidence "
        f"(weight {adapt.GROUP_WEIGHT:g}). *Naive* appends the same k inputs with weight 1. "
        "The two weights were chosen on draws with seeds 0–2 of the same four reports (there "
        "are no others), so these draws are new but the reports are not.",
        "",
        f"One `adapt` of the shipped model on 20 labelled inputs: {seconds:.2f} s CPU.",
        "",
        f"Goal after {GOAL_AT}: theme-set F1 ≥ {GOAL_F1} and kind balanced accuracy ≥ "
        f"{GOAL_KIND} on the rest — met for {len(met)} of {len(at_goal)} reports"
        + (f" ({', '.join(sorted(met))})." if met else "."),
        "",
    ]
    text = "\n".join([*head, *table(out), NOTES])
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
