"""Training the input classifier from labelled inputs, with staff corrections on top.

`fit` builds a model with given settings and `select_params` chooses them by cross-validation
inside the data; `retrain.train` puts both together with the held-out scores of `evaluate`.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from innspill.analysis import classifier as clf
from innspill.analysis.vocabulary import KIND_KEYS, THEME_KEYS

LABELLED_PATH = Path(__file__).resolve().parent / "data" / "labelled_inputs.jsonl"
_WEAK_WEIGHT = 0.3
_CORRECTION_WEIGHT = 1.5
# Post-processing settings tried by inner cross-validation (fixed grid, decided up front).
GRID_LEXICON_WEIGHT = (0.2, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 50.0)
GRID_THRESHOLD = (0.2, 0.3, 0.4, 0.5)
GRID_RATIO = (0.3, 0.45, 0.6, 0.75)
GRID_KIND_RULES = ("broad", "broad+neg", "broad+imp+neg", "strict", "strict+neg", "none")
GRID_HEADING_RULE = ("wins", "cues")
GRID_CONTEXT_WEIGHT = (0.0, 0.1, 0.2, 0.35, 0.5)
GRID_THEME_THRESHOLD = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8)
_THRESHOLD_GAIN = 1e-3


@dataclass(frozen=True, slots=True)
class LabelledInput:
    """One input with its human (or weak) labels."""

    text: str
    source: str
    theme: str
    themes: tuple[str, ...]
    actors: tuple[str, ...] = ()
    kind: str | None = None
    label_origin: str = "hand"
    group: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "source": self.source,
                "group": self.group,
                "theme": self.theme,
                "themes": list(self.themes),
                "actors": list(self.actors),
                "kind": self.kind,
                "label_origin": self.label_origin,
            },
            ensure_ascii=False,
            sort_keys=True,
        )


def load_labelled(path: str | Path | None = None) -> list[LabelledInput]:
    """The labelled inputs shipped with the package (or another JSON-lines file)."""
    out = []
    for line in Path(path or LABELLED_PATH).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        out.append(
            LabelledInput(
                text=r["text"],
                source=r["source"],
                theme=r["theme"],
                themes=tuple(r.get("themes") or [r["theme"]]),
                actors=tuple(r.get("actors") or ()),
                kind=r.get("kind"),
                label_origin=r.get("label_origin", "hand"),
                group=r.get("group"),
            )
        )
    return out


def _weight(example: LabelledInput, correction_weight: float = _CORRECTION_WEIGHT) -> float:
    return {"weak": _WEAK_WEIGHT, "correction": correction_weight}.get(example.label_origin, 1.0)


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


def _design(
    model: clf.Model, docs: list[list[str]], infos: dict[str, clf.WordInfo], *, kind: bool
) -> sp.csr_matrix:
    """Input × feature matrix, built exactly as classification sees it (sum of words / √n)."""
    words = list(infos)
    index = {w: i for i, w in enumerate(words)}
    rows, cols, vals = [], [], []
    for i, w in enumerate(words):
        idx, val = model.word_kind_vector(infos[w]) if kind else model.word_theme_vector(infos[w])
        rows.extend([i] * len(idx))
        cols.extend(idx.tolist())
        vals.extend(val.tolist())
    width = (
        len(model.kind_index) + len(KIND_KEYS)
        if kind
        else len(model.term_index) + len(model.char_index)
    )
    word_matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(words), width))
    d_rows = [i for i, doc in enumerate(docs) for _ in doc]
    d_cols = [index[w] for doc in docs for w in doc]
    counts = sp.csr_matrix((np.ones(len(d_cols)), (d_rows, d_cols)), shape=(len(docs), len(words)))
    scale = np.array([1.0 / math.sqrt(max(len(doc), 1)) for doc in docs])
    return sp.csr_matrix(sp.diags(scale) @ counts @ word_matrix)


def _theme_lexicon(docs: list[list[str]], infos: dict[str, clf.WordInfo]) -> np.ndarray:
    """Lexicon evidence per input and theme, as classification computes it."""
    out = np.zeros((len(docs), len(THEME_KEYS)))
    for i, doc in enumerate(docs):
        for w in set(doc):
            out[i] += infos[w].lexicon
    return 1.0 - np.exp(-out)


def _kind_input_features(
    model: clf.Model, texts: list[str], docs: list[list[str]], infos: dict[str, clf.WordInfo]
) -> sp.csr_matrix:
    """The first word as «^stem» and the input-level cues, as classification adds them."""
    width = len(model.kind_index) + len(KIND_KEYS)
    rows, cols, vals = [], [], []
    for i, doc in enumerate(docs):
        if doc:
            idx, val = model.word_first_kind_vector(infos[doc[0]])
            rows.extend([i] * len(idx))
            cols.extend(idx.tolist())
            vals.extend(val.tolist())
    first = sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), width))
    rule_hits = np.array(
        [sum((infos[w].rules for w in doc), np.zeros(clf.RULE_WIDTH)) for doc in docs]
    ).reshape(len(docs), -1)
    opener = np.array([bool(doc) and infos[doc[0]].opener for doc in docs])
    question = np.array(["?" in t for t in texts])
    lens = np.array([len(doc) for doc in docs])
    extras = clf.kind_extras(rule_hits, opener, question, lens)
    return sp.hstack([first, sp.csr_matrix(extras)]).tocsr()


def fit(
    examples: Sequence[LabelledInput],
    params: clf.Params | None = None,
    *,
    correction_weight: float = _CORRECTION_WEIGHT,
) -> clf.Model:
    """Fit vocabularies, idf and both linear models on `examples` (no settings search);
    corrections weigh `correction_weight` each."""
    params = params or clf.Params()
    docs = [clf.words_of(e.text) for e in examples]
    infos = {w: clf.analyse_word(w) for doc in docs for w in doc}
    n = len(docs)
    term_df: dict[str, int] = {}
    char_df: dict[str, int] = {}
    kind_df: dict[str, int] = {}
    for doc in docs:
        seen_t: set[str] = set()
        seen_c: set[str] = set()
        seen_k: set[str] = set()
        for w in set(doc):
            seen_t.update(infos[w].terms)
            seen_c.update(infos[w].chars)
            seen_k.update(infos[w].kind_terms)
        if doc:
            seen_k.add("^" + infos[doc[0]].stem)
        for s_, df in ((seen_t, term_df), (seen_c, char_df), (seen_k, kind_df)):
            for f in s_:
                df[f] = df.get(f, 0) + 1
    terms = sorted(term_df)
    chars = sorted(g for g, c in char_df.items() if c >= 2)
    kind_terms = sorted(t for t, c in kind_df.items() if c >= 2)
    model = clf.Model(
        params=params,
        term_index={t: i for i, t in enumerate(terms)},
        term_idf=_idf(np.array([term_df[t] for t in terms], dtype=float), n),
        char_index={g: i for i, g in enumerate(chars)},
        char_idf=_idf(np.array([char_df[g] for g in chars], dtype=float), n),
        kind_index={t: i for i, t in enumerate(kind_terms)},
        kind_idf=_idf(np.array([kind_df[t] for t in kind_terms], dtype=float), n),
        theme_coef=np.zeros((len(THEME_KEYS), len(terms) + len(chars))),
        theme_intercept=np.full(len(THEME_KEYS), -8.0),
        kind_coef=np.zeros((len(KIND_KEYS), len(kind_terms) + len(KIND_KEYS))),
        kind_intercept=np.zeros(len(KIND_KEYS)),
        # Checked when the model file is loaded: features and lexicon must still be these.
        meta=clf.trained_with(),
    )
    weights = np.array([_weight(e, correction_weight) for e in examples])
    x = _design(model, docs, infos, kind=False)
    n_words = x.shape[1]
    if params.lexicon_features > 0:
        lex = params.lexicon_features * _theme_lexicon(docs, infos)
        x = sp.hstack([x, sp.csr_matrix(lex)]).tocsr()
        model.theme_lex_coef = np.zeros((len(THEME_KEYS), len(THEME_KEYS)))
    for t, key in enumerate(THEME_KEYS):
        y = np.array([key in e.themes for e in examples])
        if y.all() or not y.any():
            continue
        lr = LogisticRegression(
            C=params.c_theme, solver="liblinear", dual=True, max_iter=1000, random_state=0
        )
        lr.fit(x, y, sample_weight=weights)
        model.theme_coef[t] = lr.coef_[0][:n_words]
        if model.theme_lex_coef is not None:
            model.theme_lex_coef[t] = lr.coef_[0][n_words:]
        model.theme_intercept[t] = lr.intercept_[0]
    with_kind = [i for i, e in enumerate(examples) if e.kind in KIND_KEYS]
    labels = np.array([examples[i].kind for i in with_kind])
    if len(set(labels)) >= 2:
        kdocs = [docs[i] for i in with_kind]
        xk = _design(model, kdocs, infos, kind=True)
        width = xk.shape[1]
        extra = _kind_input_features(model, [examples[i].text for i in with_kind], kdocs, infos)
        xk = (sp.hstack([xk, sp.csr_matrix((len(kdocs), clf.KIND_EXTRAS))]) + extra).tocsr()
        lr = LogisticRegression(
            C=params.c_kind, class_weight="balanced", max_iter=2000, random_state=0
        )
        lr.fit(xk, labels, sample_weight=weights[with_kind])
        coef = lr.coef_ if len(lr.classes_) > 2 else np.vstack([-lr.coef_[0], lr.coef_[0]])
        icpt = lr.intercept_ if len(lr.classes_) > 2 else np.array([-1.0, 1.0]) * lr.intercept_[0]
        model.kind_extra_coef = np.zeros((len(KIND_KEYS), clf.KIND_EXTRAS))
        for row, kind in enumerate(lr.classes_):
            k = KIND_KEYS.index(kind)
            model.kind_coef[k] = coef[row][:width]
            model.kind_extra_coef[k] = coef[row][width:]
            model.kind_intercept[k] = icpt[row]
        for k, kind in enumerate(KIND_KEYS):
            if kind not in lr.classes_:
                model.kind_intercept[k] = -1e3
    return model


def theme_metrics(
    predicted: Sequence[Sequence[str]], truth: Sequence[Sequence[str]]
) -> tuple[float, float]:
    """(share whose predicted primary is in the human set, mean per-input F1 of theme sets)."""
    hits, f1s = 0, []
    for p, t in zip(predicted, truth, strict=True):
        hits += p[0] in t
        overlap = len(set(p) & set(t))
        f1s.append(2.0 * overlap / (len(set(p)) + len(set(t))))
    return hits / max(len(truth), 1), float(np.mean(f1s)) if f1s else 0.0


def kind_balanced_accuracy(predicted: Sequence[str], truth: Sequence[str]) -> float:
    """Mean recall of tiltak and barriere over inputs whose true kind is one of them."""
    recalls = []
    for kind in ("tiltak", "barriere"):
        idx = [i for i, t in enumerate(truth) if t == kind]
        if idx:
            recalls.append(sum(predicted[i] == kind for i in idx) / len(idx))
    return float(np.mean(recalls)) if recalls else float("nan")


def _theme_score(
    prob: np.ndarray, lex: np.ndarray, context: np.ndarray, truth: np.ndarray, p: clf.Params
) -> float:
    """(primary in human set + mean theme-set F1) / 2, vectorised; `truth` is a bool matrix."""
    combined = prob + p.lexicon_weight * (lex + p.context_weight * context)
    primary, secondary = clf._decide_themes(combined, p)
    # Keep the MAX_SECONDARY strongest secondary themes, as classification does.
    masked = np.where(secondary, combined, -np.inf)
    rank = np.argsort(np.argsort(-masked, axis=1, kind="stable"), axis=1, kind="stable")
    predicted = secondary & (rank < clf.MAX_SECONDARY)
    rows = np.arange(len(combined))
    predicted[rows, primary] = True
    overlap = (predicted & truth).sum(axis=1)
    f1 = 2.0 * overlap / (predicted.sum(axis=1) + truth.sum(axis=1))
    return float((truth[rows, primary].mean() + f1.mean()) / 2)


def _themes_from(prob: np.ndarray, lex: np.ndarray, p: clf.Params) -> list[list[str]]:
    combined = prob + p.lexicon_weight * lex
    primary, secondary = clf._decide_themes(combined, p)
    out = []
    for i in range(len(combined)):
        sec = [j for j in np.argsort(-combined[i], kind="stable") if secondary[i, j]]
        out.append([THEME_KEYS[primary[i]], *[THEME_KEYS[j] for j in sec[: clf.MAX_SECONDARY]]])
    return out


def select_params(
    examples: Sequence[LabelledInput], base: clf.Params | None = None, *, per_theme: bool = True
) -> tuple[clf.Params, dict[str, float]]:
    """Pick the post-processing settings by leave-one-report-out inside `examples`."""
    base = base or clf.Params()
    sources = sorted({e.source for e in examples if e.label_origin == "hand"})
    if len(sources) < 2:
        return base, {}
    folds = []
    kind_grid = list(itertools.product(GRID_KIND_RULES, GRID_HEADING_RULE))
    kind_scores = {variant: 0.0 for variant in kind_grid}
    for source in sources:
        train = [e for e in examples if e.source != source]
        test = [e for e in examples if e.source == source and e.label_origin == "hand"]
        model = fit(train, base)
        prob, lex = clf.theme_components(model, [e.text for e in test])
        context = clf.context_components(model, [e.group for e in test])
        truth_mask = np.array([[k in e.themes for k in THEME_KEYS] for e in test])
        folds.append((prob, lex, context, truth_mask))
        truth = [e.kind or "" for e in test]
        for variant in kind_grid:
            model.params = replace(base, kind_rules=variant[0], heading_rule=variant[1])
            got = clf.classify_with(model, [e.text for e in test], groups=[e.group for e in test])
            ba = kind_balanced_accuracy([r.kind for r in got], truth)
            kind_scores[variant] += (0.0 if math.isnan(ba) else ba) / len(sources)
    kind_rules, heading_rule = max(
        kind_grid,
        key=lambda v: (kind_scores[v], v == (base.kind_rules, base.heading_rule)),
    )
    best: tuple[float, clf.Params] | None = None
    table: dict[str, float] = {
        f"kind_rules={k} heading_rule={h}": round(kind_scores[(k, h)], 4) for k, h in kind_scores
    }
    for cw, lw, thr, ratio in itertools.product(
        GRID_CONTEXT_WEIGHT, GRID_LEXICON_WEIGHT, GRID_THRESHOLD, GRID_RATIO
    ):
        p = replace(
            base,
            context_weight=cw,
            lexicon_weight=lw,
            threshold=thr,
            ratio=ratio,
            kind_rules=kind_rules,
            heading_rule=heading_rule,
        )
        score = sum(_theme_score(*fold, p) for fold in folds) / len(folds)
        table[f"cw={cw} lw={lw} thr={thr} ratio={ratio}"] = round(score, 4)
        if best is None or score > best[0] + 1e-12:
            best = (score, p)
    assert best is not None
    score, params = best
    if per_theme:
        # Then each theme's own threshold, one theme at a time (two sweeps); a change must gain
        # at least _THRESHOLD_GAIN, so noise in one inner fold does not move it.
        thresholds = [params.threshold] * len(THEME_KEYS)
        for _ in range(2):
            for t in range(len(THEME_KEYS)):
                for value in GRID_THEME_THRESHOLD:
                    trial = replace(
                        params,
                        theme_thresholds=(*thresholds[:t], value, *thresholds[t + 1 :]),
                    )
                    s = sum(_theme_score(*fold, trial) for fold in folds) / len(folds)
                    if s > score + _THRESHOLD_GAIN:
                        score, params, thresholds[t] = s, trial, value
        table["per-theme thresholds"] = round(score, 4)
    return params, table


def apply_corrections(
    examples: Sequence[LabelledInput], corrections: Iterable[LabelledInput]
) -> list[LabelledInput]:
    """Examples with staff corrections applied: a correction replaces labels for the same text."""
    fixed = {" ".join(c.text.split()).lower(): c for c in corrections}
    out = []
    for e in examples:
        c = fixed.pop(" ".join(e.text.split()).lower(), None)
        # A correction replaces the labels; the report and heading the input stood under stay.
        out.append(
            e
            if c is None
            else replace(c, label_origin="correction", source=e.source, group=c.group or e.group)
        )
    out.extend(replace(c, label_origin="correction") for c in fixed.values())
    return out
