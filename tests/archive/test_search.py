import json

import pytest
from django.urls import reverse

from innspill.archive.templatetags.archive_tags import highlight


@pytest.fixture
def corpus(make_input):
    make_input("Flere plasser i barnehage for alle barn.", theme="oppvekst", kind="tiltak")
    make_input(
        "Støtte til innvandrerorganisasjon i kommunen.",
        theme="frivillighet",
        kind="tiltak",
        year=2017,
    )
    make_input(
        "NAV-ansatte må få opplæring i bruk av tolk.",
        theme="informasjon",
        kind="barriere",
        year=2015,
    )


def _texts(client, **params):
    response = client.get(reverse("api:inputs"), params)
    assert response.status_code == 200, response.content
    return [r["text"] for r in response.json()["results"]]


def test_search_finds_inflected_forms(client, corpus):
    assert _texts(client, q="barnehagen") == ["Flere plasser i barnehage for alle barn."]
    assert _texts(client, q="innvandrerorganisasjonene") == [
        "Støtte til innvandrerorganisasjon i kommunen."
    ]


def test_search_words_are_anded_and_hyphen_parts_match(client, corpus):
    assert _texts(client, q="nav tolk") == ["NAV-ansatte må få opplæring i bruk av tolk."]
    assert _texts(client, q="barnehage tolk") == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"barnehage',
        "*",
        "barne*",
        "NEAR(a b)",
        "-barnehage",
        "OR",
        "a OR b",
        "\x00barnehage",
        "'; DROP TABLE x; --",
        "((",
        "^",
        "æøå" * 100,
    ],
)
def test_any_search_string_is_safe(client, corpus, q):
    # a NUL byte is refused before the search (common.middleware.RejectNulBytesMiddleware)
    expected = 400 if "\x00" in q else 200
    for url in (reverse("api:inputs"), reverse("archive:input-list")):
        assert client.get(url, {"q": q}).status_code == expected


def test_search_page_highlights_matched_words(client, corpus):
    response = client.get(reverse("archive:input-list"), {"q": "barnehagen"})
    assert "<mark>barnehage</mark>" in response.content.decode()


def test_highlight_escapes_html():
    assert (
        highlight("<b>barnehage</b>", ["barnehag"]) == "&lt;b&gt;<mark>barnehage</mark>&lt;/b&gt;"
    )


def test_facets_count_the_current_results(client, corpus):
    response = client.get(reverse("archive:input-list"), {"kind": "tiltak"})
    facets = {
        name: {f.value: f.count for f in values} for name, _, values in response.context["facets"]
    }
    assert facets["year"] == {"2024": 1, "2017": 1}
    assert facets["kind"] == {"tiltak": 2}
    assert facets["theme"] == {"oppvekst": 1, "frivillighet": 1}


def test_filters_combine(client, corpus):
    assert _texts(client, year="2015,2017", kind="barriere") == [
        "NAV-ansatte må få opplæring i bruk av tolk."
    ]
    assert _texts(client, year=["2015", "2024"], theme="oppvekst") == [
        "Flere plasser i barnehage for alle barn."
    ]


@pytest.mark.parametrize("n", [1, 3])
def test_search_page_query_count_is_constant(client, make_input, django_assert_num_queries, n):
    for i in range(n):
        make_input(
            f"Innspill nummer {i} om barnehage.", theme="oppvekst", kind="tiltak", session=f"S{i}"
        )
    with django_assert_num_queries(10):
        response = client.get(reverse("archive:input-list"), {"q": "barnehage"})
    assert response.context["page"].paginator.count == n


def test_input_page_shows_context(client, make_input):
    item = make_input(
        "Tolk i alle foreldremøter.", group_heading="Tiltak", session="Skole og foreldre"
    )
    response = client.get(reverse("archive:input-detail", args=[item.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Skole og foreldre" in body and "Ola Nordmann" in body and "Tiltak" in body


def test_hidden_input_is_not_public(client, make_input):
    item = make_input("Skjult innspill.", status="hidden")
    assert client.get(reverse("archive:input-detail", args=[item.pk])).status_code == 404
    assert _texts(client) == []


def test_bad_parameter_on_page_is_400_with_message(client, corpus):
    response = client.get(reverse("archive:input-list"), {"year": "tjue"})
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_theme_page_has_an_svg_chart_per_theme_with_numbers(client, corpus):
    body = client.get(reverse("archive:theme-list")).content.decode()
    assert body.count("<svg") == 18
    assert '<text x="' in body and ">1</text>" in body


def test_exports_follow_the_search(client, corpus):
    csv_body = b"".join(
        client.get(reverse("archive:export-csv"), {"q": "barnehage"}).streaming_content
    ).decode()
    lines = csv_body.strip().splitlines()
    assert lines[0].startswith("\ufeffid;year;text;theme")
    assert len(lines) == 2 and "barnehage" in lines[1]
    json_body = client.get(reverse("archive:export-json"), {"year": "2017"}).streaming_content
    data = json.loads(b"".join(json_body))
    assert [d["year"] for d in data] == [2017]
