"""Retrain the shipped input classifier: fit, held-out scores, and the model file.

Run `python -m innspill.analysis.retrain [OUT]` to retrain the shipped model from
data/labelled_inputs.jsonl (settings chosen by leave-one-report-out cross-validation inside the
data, scores recorded in the model file). It sits above both `training` (fitting) and
`evaluate` (held-out scores), which is why it is a module of its own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import sklearn

from innspill.analysis import classifier as clf
from innspill.analysis.evaluate import leave_one_report_out
from innspill.analysis.training import (
    LabelledInput,
    apply_corrections,
    fit,
    load_labelled,
    select_params,
)


def train(
    examples: Sequence[LabelledInput],
    *,
    corrections: Iterable[LabelledInput] = (),
    evaluate: bool = True,
) -> clf.Model:
    """Train a model: corrections override labels, settings by inner CV, held-out scores in meta."""
    data = apply_corrections(examples, corrections)
    params, _ = select_params(data)
    model = fit(data, params)
    model.meta = {
        **model.meta,  # the lexicon and feature hashes `fit` recorded
        "data_hash": clf.data_hash(e.to_json() for e in data),
        "n_examples": len(data),
        "n_hand": sum(e.label_origin == "hand" for e in data),
        "n_corrections": sum(e.label_origin == "correction" for e in data),
        "sklearn_version": sklearn.__version__,
        "params": {k: getattr(params, k) for k in clf.Params.__slots__},
    }
    if evaluate:
        model.meta["scores"] = leave_one_report_out(data).summary()
    return model


def main(argv: Sequence[str]) -> None:
    out = Path(argv[0]) if argv else clf.DEFAULT_MODEL_PATH
    model = train(load_labelled())
    clf.save_model(model, out)
    print(json.dumps(model.meta, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
