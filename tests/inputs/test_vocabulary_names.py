"""Theme, actor and kind names are shown in the reader's language; the stored keys and names stay."""

from django.utils import translation

from innspill.analysis import vocabulary
from innspill.inputs.models import Actor, Kind, Theme
from innspill.inputs.vocabulary_names import ACTOR_NAMES, KIND_NAMES, THEME_NAMES


def test_the_marked_names_are_the_vocabulary_names():
    with translation.override("nb"):
        assert {k: str(n) for k, n in THEME_NAMES.items()} == {
            k: n for k, n, _d in vocabulary.THEMES
        }
        assert {k: str(n) for k, n in ACTOR_NAMES.items()} == dict(vocabulary.ACTORS)
        assert {k: str(n) for k, n in KIND_NAMES.items()} == {k: n for k, n, _d in vocabulary.KINDS}


def test_labels_follow_the_language(vocabulary):
    theme = Theme.objects.get(key="bolig")
    actor = Actor.objects.get(key="arbeidsgivere")
    kind = Kind.objects.get(key="tiltak")
    with translation.override("en"):
        assert (theme.label, actor.label, kind.label) == (
            "Housing and neighbourhoods",
            "Employers",
            "Measure",
        )
        assert str(theme) == "Housing and neighbourhoods"
    with translation.override("nn"):
        assert (theme.label, actor.label, kind.label) == (
            "Bustad og bumiljø",
            "Arbeidsgivarar",
            "Tiltak",
        )
    with translation.override("nb"):
        assert (theme.label, actor.label, kind.label) == (
            "Bolig og bomiljø",
            "Arbeidsgivere",
            "Tiltak",
        )
    assert theme.name == "Bolig og bomiljø"  # stored in bokmål


def test_a_renamed_term_is_shown_as_written(vocabulary):
    theme = Theme.objects.get(key="bolig")
    theme.name = "Bolig, bomiljø og nabolag"
    theme.save()
    with translation.override("en"):
        assert theme.label == "Bolig, bomiljø og nabolag"


def test_search_page_facets_and_results_in_english(client, make_input):
    make_input("Flere lærlingplasser i kommunen.", theme="arbeid", kind="tiltak")
    html = client.get("/", {"lang": "en"}).content.decode()
    assert '<span class="tag">Work and recruitment</span>' in html
    assert '<span class="tag">Measure</span>' in html
    assert "Arbeid og rekruttering" not in html


def test_theme_pages_in_nynorsk(client, make_input):
    make_input("Fleire bustader til unge.", theme="bolig", year=2019)
    listing = client.get("/temaer/", {"lang": "nn"}).content.decode()
    assert ">Bustad og bumiljø</a>" in listing
    detail = client.get("/temaer/bolig/", {"lang": "nn"}).content.decode()
    assert "<h1>Bustad og bumiljø</h1>" in detail
