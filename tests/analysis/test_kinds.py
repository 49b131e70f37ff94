import pytest

from innspill.analysis.classifier import classify, kind_from_heading


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Hemmer integrering", "barriere"),
        ("Barrierer for deltakelse", "barriere"),
        ("Fremmer integrering", "tiltak"),
        ("Tiltak", "tiltak"),
        ("5. GODE EKSEMPLER", "erfaring"),
        ("Bolig", None),
        (None, None),
        # «session title / group heading»: the innermost heading that settles a kind wins
        ("Parallellsesjon 2 Hvordan motvirke barrierer? / Fremmer integrering", "tiltak"),
        ("Parallellsesjon 2 Tiltak mot utenforskap / Hemmer integrering", "barriere"),
        ("Oppfordringer og tips: Bolig", "tiltak"),
        ("Oppfordringer og tips / Bolig", "tiltak"),
        ("Parallellsesjon 1 Barrierer i arbeidslivet / Frivillighet", None),
        ("GODE GREP / GODE GREP", None),
    ],
)
def test_kind_from_heading(heading, kind):
    assert kind_from_heading(heading) == kind


def test_kind_heading_settles_what_the_wording_leaves_open():
    text = "Holdningene i nærmiljøet"
    assert classify([text], groups=["Hemmer integrering"])[0].kind == "barriere"
    assert classify([text], groups=["Fremmer integrering"])[0].kind == "tiltak"


def test_kind_without_known_heading_falls_back_to_wording():
    text = "Mangel på lokaler hindrer organisasjonene"
    assert classify([text], groups=["Frivillighet"])[0].kind == "barriere"


def test_kind_from_wording_measure():
    assert classify(["Det bør etableres et dialogforum i hver kommune"])[0].kind == "tiltak"


def test_kind_from_wording_barrier():
    assert classify(["Kravet om B1 gjør det vanskelig å få jobb"])[0].kind == "barriere"


def test_kind_from_wording_experience():
    text = "Tromsø kommune har gode erfaringer med språkkafé på biblioteket"
    assert classify([text])[0].kind == "erfaring"


def test_kind_never_experience_without_a_sign_of_one():
    # No cue word and no proper name: a statement, not a shared example.
    assert classify(["Leksehjelp for barn og unge"])[0].kind in ("tiltak", "barriere")


def test_opening_verb_asks_for_something():
    # «Gi …» opens a request whatever the model makes of the rest; «Flere …» does not decide
    got = classify(["Gi mer informasjon.", "Styrk samarbeidet med foreldrene."])
    assert [r.kind for r in got] == ["tiltak", "tiltak"]


def test_heading_rule_cues_lets_the_input_own_words_beat_its_heading():
    from dataclasses import replace

    from innspill.analysis.classifier import classify_with, load_model

    model = load_model()
    texts = ["Mangel på lokaler hindrer organisasjonene", "Flere møteplasser i bydelene"]
    groups = ["Fremmer integrering", "Fremmer integrering"]
    model.params = replace(model.params, heading_rule="wins")
    assert [r.kind for r in classify_with(model, texts, groups=groups)] == ["tiltak", "tiltak"]
    model.params = replace(model.params, heading_rule="cues")
    assert [r.kind for r in classify_with(model, texts, groups=groups)] == ["barriere", "tiltak"]
    # an experience heading is not overruled: the rule only swaps tiltak and barriere
    got = classify_with(model, texts[:1], groups=["5. GODE EKSEMPLER"])
    assert got[0].kind == "erfaring"
