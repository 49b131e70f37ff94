import json

import pytest
from django.urls import reverse


@pytest.fixture
def items(make_input):
    return [
        make_input(
            "Anonyme jobbsøknader i staten.",
            theme="diskriminering",
            kind="tiltak",
            number=2,
            session="Holdninger",
        ),
        make_input("Flere lærlingplasser.", theme="arbeid", kind="tiltak", year=2018),
    ]


def test_inputs_response_shape(client, items):
    body = client.get(reverse("api:inputs"), {"q": "jobbsøknad"}).json()
    assert body["count"] == 1
    result = body["results"][0]
    assert set(result) >= {
        "id",
        "year",
        "text",
        "theme",
        "themes",
        "kind",
        "actors",
        "session",
        "url",
    }
    assert result["theme"] == "diskriminering" and result["themes"][0] == "diskriminering"
    assert result["session"]["title"] == "Holdninger" and result["session"]["number"] == 2
    assert result["url"].endswith(f"/innspill/{items[0].pk}/")


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"year": "abc"}, "year"),
        ({"theme": "nope"}, "theme"),
        ({"kind": "x"}, "kind"),
        ({"actor": "x"}, "actor"),
        ({"session": "-1"}, "session"),
        ({"page": "0"}, "page"),
        ({"page_size": "100000"}, "page_size"),
        ({"format": "xml"}, "format"),
        ({"foo": "1"}, "foo"),
        ({"q": "x" * 501}, "q"),
        ({"page": ["1", "2"]}, "page"),
    ],
)
def test_invalid_parameters_are_400_naming_the_parameter(client, items, params, param):
    response = client.get(reverse("api:inputs"), params)
    assert response.status_code == 400
    assert response.json()["parameter"] == param
    assert param in response.json()["error"]


def test_pagination(client, items):
    first = client.get(reverse("api:inputs"), {"page_size": 1, "page": 1}).json()
    second = client.get(reverse("api:inputs"), {"page_size": 1, "page": 2}).json()
    assert first["count"] == second["count"] == 2
    assert first["results"][0]["id"] != second["results"][0]["id"]


def test_csv_format(client, items):
    response = client.get(reverse("api:inputs"), {"format": "csv", "year": "2018"})
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert len(lines) == 2 and "lærlingplasser" in lines[1]
    assert lines[0].startswith("\ufeffid,year,text,theme,")


def test_themes(client, vocabulary):
    data = client.get(reverse("api:themes")).json()
    assert len(data) == 18 and data[0] == {"key": "arbeid", "name": "Arbeid og rekruttering"}


def test_openapi_document_describes_the_endpoints(client):
    doc = json.loads(client.get(reverse("api:openapi")).content)
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/inputs", "/api/v1/themes"} <= set(doc["paths"])
    names = {p["name"] for p in doc["paths"]["/api/v1/inputs"]["get"]["parameters"]}
    assert {
        "q",
        "year",
        "theme",
        "kind",
        "actor",
        "session",
        "page",
        "page_size",
        "format",
    } <= names


@pytest.mark.parametrize("n", [1, 3])
def test_api_query_count_is_constant(client, make_input, django_assert_num_queries, n):
    for i in range(n):
        make_input(f"Innspill {i}", session=f"S{i}")
    with django_assert_num_queries(12):  # two of them count the address (innspill.limits)
        assert client.get(reverse("api:inputs")).json()["count"] == n
