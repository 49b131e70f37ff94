"""Adapting the classifier to a new report from a few of its inputs labelled by staff.

A secretariat that imports a new year's report corrects the first inputs it sees. `adapt` takes
those labelled inputs and returns a model for the rest of that report, in memory (nothing is
written): the model is refitted on the shipped labelled data with the new inputs as staff
corrections (`training.apply_corrections`, the path `train_classifier` takes), weighted
`WEIGHT` each, and what the labelled inputs under a heading say is added as evidence for the
other inputs under the same heading. `benchmarks/bench_adapt.py` measures both against simply
appending the inputs (results/adapt.md).

`python -m innspill.analysis.adapt LABELLED.jsonl < inputs.txt` classifies like
`python -m innspill.analysis.classifier`, after adapting.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from innspill.analysis import classifier as clf
from innspill.analysis.training import LabelledInput, apply_corrections, fit, load_labelled
from innspill.analysis.vocabulary import ACTOR_KEYS, KIND_KEYS, THEME_KEYS

# Weight of each of the report's labelled inputs in the refit (a staff correction in
# `train_classifier` weighs 1.5, a shipped label 1). Between 3 and 10 the held-out scores move
# by less than 0.01; 5 is in the middle (results/adapt.md).
WEIGHT = 5.0
# Share of the labelled inputs under the same heading that carry a theme, added to that theme's
# combined score at this fraction of the score's range (1 + lexicon weight). 0.1–0.25 gained
# 0.005–0.03 theme-set F1 on the held-out reports; 0.5 and more lost (results/adapt.md).
GROUP_WEIGHT = 0.2
# A heading's evidence is shrunk towards nothing while few of its inputs are labelled.
_GROUP_PRIOR = 1.0
SOURCE = "adapt"


class AdaptError(ValueError):
    """A labelled-inputs file that cannot be used; the message (bokmål, for the command line)
    names the line."""


def read_labelled(lines: Iterable[str], *, source: str = SOURCE) -> list[LabelledInput]:
    """Labelled inputs from JSON lines with `text`, `themes` (primary first) and `kind`, and
    optionally `group` (the headings the input stood under) and `actors`; blank lines skipped."""
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AdaptError(f"linje {number}: ikke gyldig JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise AdaptError(f"linje {number}: ventet et JSON-objekt")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise AdaptError(f"linje {number}: mangler `text`")
        themes = record.get("themes")
        if not isinstance(themes, list) or not themes:
            raise AdaptError(f"linje {number}: `themes` må være en liste med minst ett tema")
        unknown = [t for t in themes if t not in THEME_KEYS]
        if unknown:
            raise AdaptError(f"linje {number}: ukjent tema {unknown[0]!r}")
        kind = record.get("kind")
        if kind not in KIND_KEYS:
            raise AdaptError(
                f"linje {number}: `kind` må være en av {', '.join(KIND_KEYS)} (fikk {kind!r})"
            )
        actors = record.get("actors") or []
        if not isinstance(actors, list) or any(a not in ACTOR_KEYS for a in actors):
            raise AdaptError(f"linje {number}: `actors` må være en liste med kjente aktører")
        group = record.get("group")
        if group is not None and not isinstance(group, str):
            raise AdaptError(f"linje {number}: `group` må være tekst")
        themes = list(dict.fromkeys(themes))
        out.append(
            LabelledInput(
                text=text,
                source=source,
                theme=themes[0],
                themes=tuple(themes),
                actors=tuple(actors),
                kind=kind,
                label_origin="correction",
                group=group or None,
            )
        )
    if not out:
        raise AdaptError("ingen merkede innspill")
    return out


def read_labelled_file(path: str | Path) -> list[LabelledInput]:
    """`read_labelled` of a file; a missing or unreadable file is an `AdaptError` too."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AdaptError(f"kan ikke lese {path} ({exc})") from None
    try:
        return read_labelled(text.splitlines())
    except AdaptError as exc:
        raise AdaptError(f"{path}: {exc}") from None


def heading_evidence(
    labelled: Sequence[LabelledInput], groups: Sequence[str | None], *, scale: float
) -> np.ndarray:
    """Per input and theme: the share of the labelled inputs under the same heading that carry
    the theme (shrunk while they are few), times `scale`; zero where no labelled input shares
    the input's heading."""
    counts: dict[str, np.ndarray] = {}
    for e in labelled:
        if e.group:
            row = counts.setdefault(e.group, np.zeros(len(THEME_KEYS) + 1))
            row[[THEME_KEYS.index(t) for t in e.themes]] += 1.0
            row[-1] += 1.0
    out = np.zeros((len(groups), len(THEME_KEYS)))
    for i, g in enumerate(groups):
        seen = counts.get(g or "")
        if seen is not None:
            out[i] = seen[:-1] / (seen[-1] + _GROUP_PRIOR)
    return scale * out


@dataclass(frozen=True)
class Adapted:
    """A model adapted to one report, with that report's labelled inputs."""

    model: clf.Model
    labelled: tuple[LabelledInput, ...]
    group_weight: float = GROUP_WEIGHT

    def classify(
        self, texts: Sequence[str], *, groups: Sequence[str | None] | None = None
    ) -> list[clf.Classification]:
        """Classify inputs of the report (see `classifier.classify_with`)."""
        evidence = None
        if groups is not None and self.group_weight > 0:
            scale = self.group_weight * (1.0 + self.model.params.lexicon_weight)
            evidence = heading_evidence(self.labelled, groups, scale=scale)
        return clf.classify_with(self.model, texts, groups=groups, theme_evidence=evidence)


def adapt(
    model: clf.Model,
    labelled: Sequence[LabelledInput],
    *,
    data: Sequence[LabelledInput] | None = None,
    weight: float = WEIGHT,
    group_weight: float = GROUP_WEIGHT,
) -> Adapted:
    """Refit `model`'s settings on `data` (default: the shipped labelled inputs) with
    `labelled` as corrections weighing `weight`; in memory, nothing is written."""
    corrections = [replace(e, label_origin="correction") for e in labelled]
    merged = apply_corrections(load_labelled() if data is None else data, corrections)
    fitted = fit(merged, model.params, correction_weight=weight)
    fitted.meta = {
        **model.meta,
        "adapted": {"n_labelled": len(corrections), "weight": weight, "group_weight": group_weight},
    }
    return Adapted(model=fitted, labelled=tuple(corrections), group_weight=group_weight)


def main(argv: Sequence[str]) -> None:
    """`python -m innspill.analysis.adapt LABELLED.jsonl < inputs.txt`: JSON lines out."""
    if len(argv) != 1:
        sys.exit("usage: python -m innspill.analysis.adapt LABELLED.jsonl < inputs.txt")
    try:
        adapted = adapt(clf.load_model(), read_labelled_file(argv[0]))
    except AdaptError as exc:
        sys.exit(str(exc))
    texts = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    for result in adapted.classify(texts):
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
