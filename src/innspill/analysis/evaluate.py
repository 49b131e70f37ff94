"""Held-out scores of the input classifier: leave one whole report out at a time.

`python -m innspill.analysis.evaluate` prints, per held-out report, the share of inputs whose
primary theme is in the human label set, the mean per-input F1 of the theme sets, the kind
balanced accuracy over tiltak/barriere and confusion tables. Settings are chosen by
cross-validation inside the training reports only; the held-out report is never looked at
before it is scored.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from innspill.analysis import classifier as clf
from innspill.analysis.training import (
    LABELLED_PATH,
    LabelledInput,
    fit,
    kind_balanced_accuracy,
    load_labelled,
    select_params,
    theme_metrics,
)
from innspill.analysis.vocabulary import KIND_KEYS, THEME_KEYS

TARGET_PRIMARY = 0.80
TARGET_F1 = 0.76
TARGET_KIND_BA = 0.85


@dataclass
class FoldResult:
    """Scores on one held-out report."""

    source: str
    n: int
    primary_in_set: float
    theme_f1: float
    kind_balanced_accuracy: float
    n_kind: int
    params: str
    theme_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    kind_confusion: Counter[tuple[str, str]] = field(default_factory=Counter)


@dataclass
class Evaluation:
    """All folds plus the pooled scores over every held-out input."""

    folds: list[FoldResult]
    pooled_primary: float
    pooled_f1: float
    pooled_kind_ba: float

    def summary(self) -> dict[str, object]:
        return {
            "method": "leave-one-report-out, hand-labelled inputs only",
            "pooled": {
                "primary_in_human_set": round(self.pooled_primary, 4),
                "theme_f1": round(self.pooled_f1, 4),
                "kind_balanced_accuracy": round(self.pooled_kind_ba, 4),
                "n": sum(f.n for f in self.folds),
            },
            "per_report": {
                f.source: {
                    "n": f.n,
                    "primary_in_human_set": round(f.primary_in_set, 4),
                    "theme_f1": round(f.theme_f1, 4),
                    "kind_balanced_accuracy": round(f.kind_balanced_accuracy, 4),
                    "n_kind_tiltak_barriere": f.n_kind,
                }
                for f in self.folds
            },
        }

    def format(self) -> str:
        lines = [
            "| held-out report | n | primary in human set | theme F1 | kind bal. acc. (n t/b) |",
            "|---|---|---|---|---|",
        ]
        for f in self.folds:
            lines.append(
                f"| {f.source} | {f.n} | {f.primary_in_set:.3f} | {f.theme_f1:.3f} | "
                f"{f.kind_balanced_accuracy:.3f} ({f.n_kind}) |"
            )
        n = sum(f.n for f in self.folds)
        lines.append(
            f"| **pooled** | {n} | {self.pooled_primary:.3f} | {self.pooled_f1:.3f} | "
            f"{self.pooled_kind_ba:.3f} |"
        )
        lines.append(
            f"\nTargets: primary ≥ {TARGET_PRIMARY}, F1 ≥ {TARGET_F1}, kind ≥ {TARGET_KIND_BA}."
        )
        for f in self.folds:
            lines.append(f"\n### {f.source} (settings from inner CV: {f.params})\n")
            lines.append("Kind confusion (rows: human, columns: predicted)\n")
            lines.append("| human \\ predicted | " + " | ".join(KIND_KEYS) + " |")
            lines.append("|---" * (len(KIND_KEYS) + 1) + "|")
            for true in KIND_KEYS:
                cells = " | ".join(str(f.kind_confusion[(true, p)]) for p in KIND_KEYS)
                lines.append(f"| {true} | {cells} |")
            themes = sorted({t for t, _ in f.theme_confusion} | {p for _, p in f.theme_confusion})
            lines.append("\nPrimary theme confusion (rows: human primary, columns: predicted)\n")
            lines.append("| human \\ predicted | " + " | ".join(themes) + " |")
            lines.append("|---" * (len(themes) + 1) + "|")
            for true in themes:
                cells = " | ".join(str(f.theme_confusion[(true, p)] or "") for p in themes)
                lines.append(f"| {true} | {cells} |")
        return "\n".join(lines)


def _thresholds(params: clf.Params) -> str:
    if not params.theme_thresholds:
        return "none changed"
    changed = [
        f"{key} {value}"
        for key, value in zip(THEME_KEYS, params.theme_thresholds, strict=True)
        if value != params.threshold
    ]
    return "; ".join(changed) if changed else "none changed"


def leave_one_report_out(examples: Sequence[LabelledInput]) -> Evaluation:
    """Train on all reports but one (settings by inner CV), score the hand labels of that one."""
    sources = sorted({e.source for e in examples if e.label_origin == "hand"})
    folds: list[FoldResult] = []
    all_pred: list[list[str]] = []
    all_true: list[tuple[str, ...]] = []
    all_kind_pred: list[str] = []
    all_kind_true: list[str] = []
    for source in sources:
        train = [e for e in examples if e.source != source]
        test = [e for e in examples if e.source == source and e.label_origin == "hand"]
        params, _ = select_params(train)
        model = fit(train, params)
        results = clf.classify_with(model, [e.text for e in test], groups=[e.group for e in test])
        pred = [list(r.themes) for r in results]
        truth = [e.themes for e in test]
        hit, f1 = theme_metrics(pred, truth)
        kinds = [(r.kind, e.kind) for r, e in zip(results, test, strict=True) if e.kind]
        ba = kind_balanced_accuracy([p for p, _ in kinds], [t for _, t in kinds])
        folds.append(
            FoldResult(
                source=source,
                n=len(test),
                primary_in_set=hit,
                theme_f1=f1,
                kind_balanced_accuracy=ba,
                n_kind=sum(t in ("tiltak", "barriere") for _, t in kinds),
                params=(
                    f"context_weight={params.context_weight}, "
                    f"lexicon_weight={params.lexicon_weight}, threshold={params.threshold}, "
                    f"ratio={params.ratio}, kind_rules={params.kind_rules}, "
                    f"heading_rule={params.heading_rule}, per-theme "
                    f"thresholds={_thresholds(params)}"
                ),
                theme_confusion=Counter(
                    (e.theme, r.theme) for r, e in zip(results, test, strict=True)
                ),
                kind_confusion=Counter((t, p) for p, t in kinds),
            )
        )
        all_pred.extend(pred)
        all_true.extend(truth)
        all_kind_pred.extend(p for p, _ in kinds)
        all_kind_true.extend(t for _, t in kinds)
    hit, f1 = theme_metrics(all_pred, all_true)
    return Evaluation(
        folds=folds,
        pooled_primary=hit,
        pooled_f1=f1,
        pooled_kind_ba=kind_balanced_accuracy(all_kind_pred, all_kind_true),
    )


SECOND_LABELLER_PATH = LABELLED_PATH.parent / "second_labeller_sample.jsonl"


@dataclass
class Agreement:
    """How far a second labeller agrees with the first on the same inputs (the first as truth)."""

    n: int
    primary_in_set: float
    theme_f1: float
    kind_agreement: float
    kind_kappa: float
    kind_balanced_accuracy: float

    def format(self) -> str:
        return (
            f"{self.n} inputs labelled twice: second labeller's primary in the first's set "
            f"{self.primary_in_set:.3f}, theme-set F1 {self.theme_f1:.3f}, kind agreement "
            f"{self.kind_agreement:.3f} (Cohen's kappa {self.kind_kappa:.3f}), kind balanced "
            f"accuracy {self.kind_balanced_accuracy:.3f}"
        )


def label_agreement(first: Sequence[LabelledInput], second: Sequence[LabelledInput]) -> Agreement:
    """Compare two labellings of the same texts (joined by text; texts only in one are ignored)."""
    by_text = {e.text: e for e in first}
    pairs = [(by_text[e.text], e) for e in second if e.text in by_text]
    if not pairs:
        raise ValueError("the two labellings share no input")
    hit, f1 = theme_metrics([list(b.themes) for _, b in pairs], [a.themes for a, _ in pairs])
    kinds = [(a.kind, b.kind) for a, b in pairs if a.kind and b.kind]
    n = len(kinds)
    observed = sum(a == b for a, b in kinds) / n
    first_counts = Counter(a for a, _ in kinds)
    second_counts = Counter(b for _, b in kinds)
    expected = sum(first_counts[k] * second_counts[k] for k in KIND_KEYS) / (n * n)
    return Agreement(
        n=len(pairs),
        primary_in_set=hit,
        theme_f1=f1,
        kind_agreement=observed,
        kind_kappa=(observed - expected) / (1 - expected) if expected < 1 else 1.0,
        kind_balanced_accuracy=kind_balanced_accuracy([b for _, b in kinds], [a for a, _ in kinds]),
    )


def main(argv: Sequence[str]) -> None:
    if argv[:1] == ["--agreement"]:
        second = load_labelled(argv[1] if len(argv) > 1 else SECOND_LABELLER_PATH)
        print(label_agreement(load_labelled(), second).format())
        return
    examples = load_labelled(argv[0] if argv else None)
    print(leave_one_report_out(examples).format())


if __name__ == "__main__":
    main(sys.argv[1:])
