from dataclasses import replace

import numpy as np
import pytest

from innspill.analysis.classifier import (
    KIND_EXTRAS,
    Classification,
    Params,
    _apply_kind_rules,
    _decide_themes,
    analyse_word,
    classify,
    classify_lines,
    classify_with,
    data_hash,
    kind_extras,
    load_model,
    save_model,
)
from innspill.analysis.retrain import train
from innspill.analysis.text import stem
from innspill.analysis.training import LabelledInput, apply_corrections, fit, load_labelled
from innspill.analysis.vocabulary import ACTOR_KEYS, KIND_KEYS, THEME_KEYS, THEMES


def test_word_features_include_the_compound_head():
    info = analyse_word("nabolagsorganisasjonene")
    assert info.terms[stem("organisasjonene")] == 0.5


def test_lexicon_reaches_a_theme_through_the_compound_head():
    # «nabolagsorganisasjonene» is in no lexicon; its head «organisasjonene» is.
    info = analyse_word("nabolagsorganisasjonene")
    assert info.lexicon[THEME_KEYS.index("frivillighet")] == np.float32(0.8)


def test_lexicon_hit_decides_theme_and_shows_in_why():
    result = classify(["Flere praksisplasser og lønnstilskudd til nyankomne"])[0]
    assert result.theme == "arbeid"
    assert "praksisplasser" in result.why


def test_to_dict_has_exactly_the_documented_shape():
    d = classify(["Kommunen bør gi innvandrerorganisasjonene gratis lokaler"])[0].to_dict()
    assert list(d) == ["text", "theme", "themes", "confidence", "actors", "kind", "why"]
    assert d["text"] == "Kommunen bør gi innvandrerorganisasjonene gratis lokaler"
    assert d["themes"][0] == d["theme"]
    assert set(d["themes"]) <= set(THEME_KEYS)
    assert set(d["actors"]) <= set(ACTOR_KEYS)
    assert d["kind"] in KIND_KEYS
    assert 0.0 <= d["confidence"] <= 1.0
    assert all(isinstance(w, str) for w in d["why"])


def test_secondary_themes_are_distinct_from_primary():
    for r in classify([e.text for e in load_labelled()[:200]]):
        assert len(set(r.themes)) == len(r.themes)
        assert r.themes[0] == r.theme


def test_classify_is_deterministic_and_batch_independent():
    texts = [e.text for e in load_labelled()[:50]]
    together = classify(texts)
    one_by_one = [classify([t])[0] for t in texts]
    assert together == one_by_one
    assert classify(texts) == together


def test_fit_is_deterministic():
    examples = load_labelled()[:120]
    a, b = fit(examples), fit(examples)
    assert np.array_equal(a.theme_coef, b.theme_coef)
    assert np.array_equal(a.kind_coef, b.kind_coef)


def test_shipped_model_loads_and_was_trained_on_the_shipped_data():
    model = load_model()
    assert model.meta["data_hash"] == data_hash(e.to_json() for e in load_labelled())
    assert set(model.meta["scores"]["per_report"]) == {e.source for e in load_labelled()}


def test_vocabulary_keys_match_the_model():
    assert len(THEMES) == 18 and len(ACTOR_KEYS) == 15 and len(KIND_KEYS) == 3
    assert load_model().theme_coef.shape[0] == len(THEME_KEYS)


def test_saved_model_classifies_like_the_original(tmp_path):
    examples = load_labelled()[:150]
    model = fit(examples)
    path = tmp_path / "model.npz"
    save_model(model, path)
    texts = ["Bedre karriereveiledning for voksne innvandrere", "Mer idrett i skolen"]
    # The file stores coefficients as float32, so compare decisions, not raw scores.
    got = [(r.theme, r.themes, r.kind, r.actors) for r in classify_with(load_model(path), texts)]
    want = [(r.theme, r.themes, r.kind, r.actors) for r in classify_with(model, texts)]
    assert got == want


def test_corrections_override_labels_for_the_same_text():
    original = LabelledInput(
        text="Mer  leksehjelp", source="s", theme="oppvekst", themes=("oppvekst",)
    )
    other = LabelledInput(text="Flere boliger", source="s", theme="bolig", themes=("bolig",))
    fix = LabelledInput(text="mer leksehjelp", source="staff", theme="sprak", themes=("sprak",))
    fixed = apply_corrections([original, other], [fix])
    assert [(e.text, e.theme, e.source, e.label_origin) for e in fixed] == [
        ("mer leksehjelp", "sprak", "s", "correction"),
        ("Flere boliger", "bolig", "s", "hand"),
    ]


def test_train_records_corrections_and_hash_without_evaluating():
    examples = load_labelled()[:150]
    fix = LabelledInput(
        text="Gratis tolk hos fastlegen",
        source="staff",
        theme="informasjon",
        themes=("informasjon", "helse"),
        kind="tiltak",
    )
    model = train(examples, corrections=[fix], evaluate=False)
    assert model.meta["n_corrections"] == 1
    assert model.meta["n_examples"] == 151
    assert "scores" not in model.meta


def test_groups_must_match_texts():
    with pytest.raises(ValueError):
        classify(["a", "b"], groups=["Tiltak"])


def test_empty_input_gives_empty_output():
    assert classify([]) == []


def test_classification_is_a_plain_dataclass():
    r = classify(["Styrk norskopplæringen"])[0]
    assert isinstance(r, Classification)


def test_classify_lines_skips_blank_lines_and_keeps_order_across_batches():
    lines = ["Mer leksehjelp\n", "\n", "Flere boligkonsulenter i hver kommune\n", "Styrk NAV\n"]
    out = list(classify_lines(lines, batch=2))
    assert [d["text"] for d in out] == [
        "Mer leksehjelp",
        "Flere boligkonsulenter i hver kommune",
        "Styrk NAV",
    ]
    assert out == [r.to_dict() for r in classify([d["text"] for d in out])]


def test_classify_from_several_threads_matches_one_thread():
    from concurrent.futures import ThreadPoolExecutor

    examples = load_labelled()
    model = fit(examples[:150])  # fresh word tables, so the threads grow them concurrently
    texts = [e.text for e in examples[150:450]]
    chunks = [texts[i::4] for i in range(4)]
    with ThreadPoolExecutor(4) as pool:
        parallel = list(pool.map(lambda c: classify_with(model, c), chunks))
    fresh = fit(examples[:150])
    assert parallel == [classify_with(fresh, c) for c in chunks]


def test_why_terms_are_words_of_the_input_at_most_three():
    from innspill.analysis.classifier import words_of

    texts = [e.text for e in load_labelled()[:300]]
    for text, r in zip(texts, classify(texts), strict=True):
        assert len(r.why) <= 3
        assert set(r.why) <= set(words_of(text))


def test_inputs_without_words_still_get_a_classification():
    results = classify(["", "   ", "!!!"])
    assert [r.why for r in results] == [(), (), ()]
    assert [r.actors for r in results] == [(), (), ()]
    assert all(r.theme in THEME_KEYS and r.kind in KIND_KEYS for r in results)


def test_saved_model_keeps_kind_cues_and_per_theme_thresholds(tmp_path):
    model = fit(load_labelled()[:150])
    thresholds = tuple(0.1 * (i % 5 + 1) for i in range(len(THEME_KEYS)))
    model.params = replace(model.params, theme_thresholds=thresholds)
    path = tmp_path / "model.npz"
    save_model(model, path)
    loaded = load_model(path)
    assert loaded.params == model.params
    assert loaded.kind_extra_coef is not None
    assert loaded.kind_extra_coef.shape == (len(KIND_KEYS), KIND_EXTRAS)
    assert np.allclose(loaded.kind_extra_coef, model.kind_extra_coef, atol=1e-6)


def test_per_theme_threshold_drops_only_that_theme():
    combined = np.zeros((1, len(THEME_KEYS)))
    combined[0, :3] = (0.9, 0.5, 0.5)
    shared = Params(threshold=0.3, ratio=0.3)
    _, secondary = _decide_themes(combined, shared)
    assert secondary[0, :3].tolist() == [False, True, True]
    own = replace(shared, theme_thresholds=(0.3, 0.6, *[0.3] * (len(THEME_KEYS) - 2)))
    _, secondary = _decide_themes(combined, own)
    assert secondary[0, :3].tolist() == [False, False, True]


@pytest.mark.parametrize(
    ("rules", "kinds"),
    [
        # rows: a broad-only tiltak cue («flere»), a strict barriere cue, one broad cue of each
        # side (the model decides, but not erfaring: a cue says it is no experience), a soft
        # barrier word alone, a soft barrier word in an input that opens with a request
        ("broad", ["tiltak", "barriere", "barriere", "erfaring", "erfaring"]),
        ("broad+imp", ["tiltak", "barriere", "barriere", "erfaring", "tiltak"]),
        ("broad+neg", ["tiltak", "barriere", "barriere", "barriere", "erfaring"]),
        ("strict", ["erfaring", "barriere", "erfaring", "erfaring", "erfaring"]),
        ("strict+neg", ["erfaring", "barriere", "erfaring", "barriere", "erfaring"]),
        ("none", ["erfaring", "erfaring", "erfaring", "erfaring", "erfaring"]),
    ],
)
def test_kind_rule_variant_decides_which_cues_settle_the_kind(rules, kinds):
    scores = np.tile([0.0, 0.5, 1.0], (5, 1))  # the model alone says erfaring, then barriere
    # columns: broad tiltak, broad barriere, strict tiltak, strict barriere, soft barriere
    hits = np.array(
        [[1, 0, 0, 0, 0], [0, 1, 0, 1, 0], [1, 1, 0, 0, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 1]],
        dtype=float,
    )
    opens_request = np.array([False, False, False, False, True])
    out = _apply_kind_rules(
        scores,
        hits,
        np.ones(5, dtype=bool),
        rules,
        opens_request=opens_request,
        opens_verb=opens_request,
    )
    assert [KIND_KEYS[k] for k in out.argmax(axis=1)] == kinds


def test_soft_barrier_words_make_a_barrier_only_without_strong_cues():
    model = load_model()
    got = classify_with(
        model,
        [
            "Mange eldre innvandrere lever i ensomhet.",
            "Fordommer mot innvandrere i distriktene.",
            "Bør styrke tilbudet mot ensomhet.",
        ],
    )
    assert [r.kind for r in got] == ["barriere", "barriere", "tiltak"]


def test_kind_input_cues():
    extras = kind_extras(
        np.array([[1, 0, 1, 0], [0, 2, 0, 0]], dtype=float),
        np.array([1.0, 0.0]),
        np.array([False, True]),
        np.array([5, 20]),
    )
    assert extras.tolist() == [[1, 0, 1, 0, 1, 0, 1], [0, 1, 0, 0, 0, 1, 0]]


def test_headings_add_their_theme_evidence_only_when_weighted():
    model = load_model()
    text = ["Det trengs flere gode tiltak for unge."]
    heading = ["Parallellsesjon 4 Hvordan løse levekårsproblemer i utsatte boområder?"]
    model.params = replace(model.params, context_weight=0.0)
    alone = classify_with(model, text)[0].themes
    assert "bolig" not in alone
    assert classify_with(model, text, groups=heading)[0].themes == alone
    model.params = replace(model.params, context_weight=0.35)
    assert "bolig" in classify_with(model, text, groups=heading)[0].themes
    # the heading helps; it does not replace what the input itself says
    got = classify_with(model, ["Mer norskopplæring for kvinner."], groups=heading)[0]
    assert got.theme == "sprak"


def test_shipped_model_uses_the_headings():
    assert load_model().params.context_weight > 0
