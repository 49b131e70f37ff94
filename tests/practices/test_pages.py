"""The library's public pages, the API, «Slik gjør andre det» and the secretariat's marking."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from innspill.practices import services
from innspill.practices.models import Practice, PracticeMatch


@pytest.fixture
def library(make_input):
    cafe_input = make_input(
        "Kommunen bør starte en språkkafé der innvandrere kan øve norsk med frivillige.",
        theme="sprak",
        year=2017,
    )
    make_input("Flere lærlingplasser i statlige virksomheter.", theme="arbeid", year=2018)
    cafe = services.practice_create(
        title="Språkkafé på biblioteket",
        municipality_name="Frøya",
        description="Frivillige driver en språkkafé hver torsdag der innvandrere øver norsk.",
        measures=["Språkkafé hver torsdag."],
        runs_by="Frøya folkebibliotek",
        contact="biblioteket@example.org",
        year=2019,
        facts={
            "inhabitants": 4842,
            "inhabitants_date": "1.1.2019",
            "immigrants": 1158,
            "immigrant_share": 22.85,
            "nationalities": 36,
        },
    )
    fagbrev = services.practice_create(
        title="Fagbrev for arbeidsinnvandrere",
        municipality_name="Tjøme",
        description="Bedriftene gir arbeidsinnvandrere fagbrev.",
        year=2019,
        facts={"inhabitants": 250000},
    )
    return cafe, fagbrev, cafe_input


def test_creating_practices_stores_their_related_inputs(library):
    cafe, fagbrev, cafe_input = library
    cafe.refresh_from_db()
    assert (cafe.municipality_number, fagbrev.municipality_number) == ("5014", "3911")
    assert list(PracticeMatch.objects.filter(practice=cafe).values_list("input_id", flat=True)) == [
        cafe_input.pk
    ]


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"q": "språkkafeen"}, ["Språkkafé på biblioteket"]),  # a bent form finds the stem
        ({"q": "fagbrevet arbeidsinnvandrer"}, ["Fagbrev for arbeidsinnvandrere"]),
        ({"county": "50"}, ["Språkkafé på biblioteket"]),
        ({"county": "39"}, ["Fagbrev for arbeidsinnvandrere"]),
        ({"size": "small"}, ["Språkkafé på biblioteket"]),
        ({"size": "city"}, ["Fagbrev for arbeidsinnvandrere"]),
        ({"theme": "sprak"}, ["Språkkafé på biblioteket"]),
        ({"q": "sykkel"}, []),
    ],
)
def test_search_and_filters(client, library, params, titles):
    response = client.get(reverse("practices:practice-list"), params)
    assert response.status_code == 200
    assert [p.title for p in response.context["practices"]] == titles


def test_a_bad_filter_is_a_400_naming_it(client, library):
    response = client.get(reverse("practices:practice-list"), {"county": "99"})
    assert response.status_code == 400
    assert "county" in response.content.decode()


def test_practice_page_lists_related_inputs_and_the_input_page_links_back(client, library):
    cafe, _fagbrev, cafe_input = library
    page = client.get(reverse("practices:practice-detail", args=[cafe.pk])).content.decode()
    assert reverse("archive:input-detail", args=[cafe_input.pk]) in page
    assert "4842 innbyggere (1.1.2019)" in page
    input_page = client.get(reverse("archive:input-detail", args=[cafe_input.pk]))
    assert input_page.context["others_do"][0] == cafe
    assert "Slik gjør andre det" in input_page.content.decode()


def test_list_queries_do_not_grow_with_the_practices(client, library, django_assert_num_queries):
    # the practices, the themes they have, the theme filter's choices
    with django_assert_num_queries(3):
        client.get(reverse("practices:practice-list"))
    services.practice_create(title="Tredje grep", municipality_name="Alta", year=2019)
    with django_assert_num_queries(3):
        client.get(reverse("practices:practice-list"))


def test_api_lists_practices_by_municipality(client, library):
    cafe, _fagbrev, cafe_input = library
    body = client.get(reverse("api:practices"), {"municipality": "Frøya"}).json()
    assert body["count"] == 1
    [result] = body["results"]
    assert result["title"] == "Språkkafé på biblioteket"
    assert (result["municipality"], result["municipality_number"]) == ("Frøya", "5014")
    assert result["facts"] == {
        "inhabitants": 4842,
        "inhabitants_date": "1.1.2019",
        "immigrants": 1158,
        "immigrant_share": 22.85,
        "nationalities": 36,
    }
    assert result["source"] == {"document": None, "page": None, "input": None}
    assert [r["id"] for r in result["related_inputs"]] == [cafe_input.pk]


def test_api_finds_a_merged_municipality_by_its_earlier_name(client, library):
    body = client.get(reverse("api:practices"), {"municipality": "3911", "q": "fagbrev"}).json()
    assert [r["municipality"] for r in body["results"]] == ["Færder"]
    body = client.get(reverse("api:practices"), {"municipality": "Tjøme"}).json()
    assert body["count"] == 1


def test_api_rejects_an_unknown_parameter(client, library):
    response = client.get(reverse("api:practices"), {"kommune": "Frøya"})
    assert (response.status_code, response.json()["parameter"]) == (400, "kommune")


def test_openapi_describes_practices(client):
    doc = client.get(reverse("api:openapi")).json()
    assert "/api/v1/practices" in doc["paths"]
    assert set(doc["components"]["schemas"]["Practice"]["required"]) == {
        "title",
        "municipality",
        "municipality_number",
        "facts",
        "source",
        "related_inputs",
    }


def _secretariat() -> User:
    user = User.objects.create_user("sekretariat", password="x", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    return user


def test_staff_mark_an_input_as_an_example(client, make_input):
    item = make_input("Voss kommune gir alle nyankomne en fadder fra et lokalt lag.", year=2020)
    client.force_login(_secretariat())
    page = client.get(reverse("archive:input-detail", args=[item.pk])).content.decode()
    assert "Legg til i gode grep" in page
    response = client.post(
        reverse("practices:practice-from-input", args=[item.pk]),
        {"municipality": "Voss", "runs_by": "Frivilligsentralen"},
    )
    practice = Practice.objects.get(source_input=item)
    assert response.url == reverse("practices:practice-detail", args=[practice.pk])
    assert (practice.title, practice.municipality_number, practice.runs_by, practice.year) == (
        "Voss kommune gir alle nyankomne en fadder fra et lokalt lag.",
        "4621",
        "Frivilligsentralen",
        2020,
    )
    # marking again keeps the one practice
    client.post(reverse("practices:practice-from-input", args=[item.pk]), {})
    assert Practice.objects.filter(source_input=item).count() == 1


def test_the_public_cannot_mark_an_input(client, make_input):
    item = make_input("Et innspill.", year=2020)
    response = client.post(reverse("practices:practice-from-input", args=[item.pk]), {})
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert Practice.objects.count() == 0


def test_practice_create_from_input_needs_the_capability(make_input):
    from django.core.exceptions import PermissionDenied

    item = make_input("Et innspill.", year=2020)
    user = User.objects.create_user("forsker", password="x")
    user.groups.add(Group.objects.get_or_create(name="researcher")[0])
    with pytest.raises(PermissionDenied):
        services.practice_create_from_input(input=item, by=user)


def test_a_practice_page_matches_again_after_new_inputs(client, library, make_input):
    _cafe, fagbrev, _cafe_input = library
    new = make_input("Arbeidsinnvandrere bør få ta fagbrev mens de er i jobb.", year=2021)
    assert not fagbrev.matches.filter(input=new).exists()  # matched before the input came
    page = client.get(reverse("practices:practice-detail", args=[fagbrev.pk]))
    # the page found its matches stale and queued the task (run in-line in tests)
    assert new in page.context["related"]


def test_an_input_marked_as_a_practice_is_a_good_example_in_that_year_s_input_report(
    make_input,
):
    from innspill.cycles.models import Cycle
    from innspill.reports.selectors import input_report_data

    staff = User.objects.create_user("sekretariat-eksempel")
    staff.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    answer = make_input(
        "Vi har leksehjelp på biblioteket to kvelder i uken, drevet av frivillige.",
        theme="sprak",
        year=2020,
    )
    make_input("Flere lærlingplasser i statlige virksomheter.", theme="arbeid", year=2020)
    services.practice_create_from_input(
        input=answer, title="Leksehjelp på biblioteket", municipality_name="Frøya", by=staff
    )
    examples = input_report_data(Cycle.objects.get(year=2020)).good_examples
    assert [(e.title, e.text) for e in examples] == [
        (
            "Leksehjelp på biblioteket",
            "Vi har leksehjelp på biblioteket to kvelder i uken, drevet av frivillige.",
        )
    ]
