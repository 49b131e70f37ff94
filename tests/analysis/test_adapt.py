import json

import numpy as np
import pytest

from innspill.analysis.adapt import (
    AdaptError,
    adapt,
    heading_evidence,
    read_labelled,
    read_labelled_file,
)
from innspill.analysis.classifier import classify_with, load_model
from innspill.analysis.training import load_labelled
from innspill.analysis.vocabulary import THEME_KEYS

# A made-up name no lexicon and no training input knows: what the model learns about it comes
# from the report's labelled inputs alone.
LABELLED = [
    "Kvistfjordmodellen ble prøvd ut i tre bydeler",
    "Med Kvistfjordmodellen fikk familiene raskere hjelp",
    "Kvistfjordmodellen ga gode resultater for nyankomne",
    "Vi brukte Kvistfjordmodellen i hele regionen",
    "Kvistfjordmodellen samlet tjenestene på ett sted",
    "Erfaringene med Kvistfjordmodellen var gode",
]
UNSEEN = [
    "Kvistfjordmodellen bør tas i bruk i flere kommuner",
    "Kommunen innførte Kvistfjordmodellen",
]


def lines(themes, kind, group=None, texts=LABELLED):
    out = []
    for text in texts:
        record = {"text": text, "themes": themes, "kind": kind}
        if group:
            record["group"] = group
        out.append(json.dumps(record, ensure_ascii=False))
    return out


def test_adapting_on_labelled_inputs_moves_similar_inputs_to_their_theme():
    model = load_model()
    before = classify_with(model, UNSEEN)
    adapted = adapt(model, read_labelled(lines(["bolig"], "erfaring")))
    after = adapted.classify(UNSEEN)
    assert ["bolig" in r.themes for r in before] == [False, False]
    assert [r.themes for r in after] == [("bolig",), ("bolig",)]
    assert [r.why for r in after] == [("kvistfjordmodellen",), ("kvistfjordmodellen",)]


def test_adapting_on_labelled_inputs_moves_similar_inputs_to_their_kind():
    # No wording cue settles these inputs' kind, so the refitted kind model decides.
    texts = ["Kvistfjordmodellen i kommunen", "Kvistfjordmodellen for de nyankomne"]
    model = load_model()
    before = [r.kind for r in classify_with(model, texts)]
    after = [
        r.kind for r in adapt(model, read_labelled(lines(["bolig"], "barriere"))).classify(texts)
    ]
    assert before != ["barriere", "barriere"]
    assert after == ["barriere", "barriere"]


def test_labelled_inputs_under_a_heading_pull_the_heading_s_other_inputs_to_their_theme():
    # Inputs whose own words say little: what the labelled inputs under their heading carry
    # decides. A strong lexicon hit («Språkopplæring») outweighs it.
    adapted = adapt(load_model(), read_labelled(lines(["bolig"], "erfaring", group="Sesjon 2")))
    texts = ["Kommunen må lytte mer", "Tiltakene må evalueres", "Språkopplæring må styrkes"]
    alone = [r.themes for r in adapted.classify(texts)]
    assert [r.themes for r in adapted.classify(texts, groups=["Sesjon 3"] * 3)] == alone
    assert "bolig" not in alone[0] + alone[1]
    assert alone[2] == ("sprak",)
    assert [r.themes for r in adapted.classify(texts, groups=["Sesjon 2"] * 3)] == [
        ("bolig",),
        ("bolig",),
        ("sprak",),
    ]


def test_heading_evidence_is_the_shrunk_share_of_labelled_inputs_with_the_theme():
    labelled = read_labelled(
        lines(["bolig"], "tiltak", group="A", texts=LABELLED[:3])
        + lines(["bolig", "arbeid"], "tiltak", group="A", texts=LABELLED[3:4])
    )
    evidence = heading_evidence(labelled, ["A", "B", None], scale=2.0)
    expected = np.zeros((3, len(THEME_KEYS)))
    expected[0, THEME_KEYS.index("bolig")] = 2.0 * 4 / 5
    expected[0, THEME_KEYS.index("arbeid")] = 2.0 * 1 / 5
    assert np.array_equal(evidence, expected)


def test_adapting_leaves_the_loaded_model_as_it_was():
    model = load_model()
    before = [r.to_dict() for r in classify_with(model, UNSEEN)]
    adapted = adapt(model, read_labelled(lines(["bolig"], "erfaring")))
    assert adapted.model is not model
    assert adapted.model.meta["adapted"] == {"n_labelled": 6, "weight": 5.0, "group_weight": 0.2}
    assert [r.to_dict() for r in classify_with(load_model(), UNSEEN)] == before


def test_read_labelled_keeps_primary_first_and_the_group():
    [example] = read_labelled(
        [
            "",
            '{"text": "Flere boliger", "themes": ["bolig", "tilflytting", "bolig"], '
            '"kind": "tiltak", "group": "Sesjon 1"}',
        ]
    )
    assert (example.theme, example.themes, example.kind, example.group) == (
        "bolig",
        ("bolig", "tilflytting"),
        "tiltak",
        "Sesjon 1",
    )
    assert (example.label_origin, example.source) == ("correction", "adapt")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "linje 2: ikke gyldig JSON"),
        ('["text"]', "linje 2: ventet et JSON-objekt"),
        ('{"themes": ["bolig"], "kind": "tiltak"}', "linje 2: mangler `text`"),
        ('{"text": " ", "themes": ["bolig"], "kind": "tiltak"}', "linje 2: mangler `text`"),
        ('{"text": "Boliger", "kind": "tiltak"}', "linje 2: `themes` må være en liste"),
        ('{"text": "Boliger", "themes": [], "kind": "tiltak"}', "linje 2: `themes` må være"),
        ('{"text": "Boliger", "themes": ["hus"], "kind": "tiltak"}', "linje 2: ukjent tema 'hus'"),
        ('{"text": "Boliger", "themes": ["bolig"]}', "linje 2: `kind` må være en av"),
        ('{"text": "Boliger", "themes": ["bolig"], "kind": "ønske"}', "fikk 'ønske'"),
        ('{"text": "B", "themes": ["bolig"], "kind": "tiltak", "group": 3}', "`group` må være"),
    ],
)
def test_read_labelled_names_the_line_that_is_wrong(line, message):
    good = lines(["bolig"], "tiltak", texts=["Flere boliger"])[0]
    with pytest.raises(AdaptError, match=message):
        read_labelled([good, line])


def test_read_labelled_file_errors(tmp_path):
    with pytest.raises(AdaptError, match="kan ikke lese .*mangler.jsonl"):
        read_labelled_file(tmp_path / "mangler.jsonl")
    empty = tmp_path / "tom.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(AdaptError, match="tom.jsonl: ingen merkede innspill"):
        read_labelled_file(empty)
    binary = tmp_path / "binar.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(AdaptError, match="kan ikke lese"):
        read_labelled_file(binary)


def test_adapt_on_a_given_training_set():
    # `data` replaces the shipped labelled inputs (the benchmark leaves one report out this way).
    labelled = read_labelled(lines(["bolig"], "erfaring"))
    data = [e for e in load_labelled() if e.source != "2017-conference"]
    adapted = adapt(load_model(), labelled, data=data, weight=1.0, group_weight=0.0)
    assert adapted.model.meta["adapted"]["weight"] == 1.0
    assert [r.themes for r in adapted.classify(UNSEEN, groups=["x", "x"])] == [
        ("bolig",),
        ("bolig",),
    ]
