"""The API answers in one language: `?lang`, else Accept-Language, else bokmål; keys never change."""

import pytest

ARABIC_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "ar, en;q=0.5"}


def test_errors_are_in_bokmal_by_default(client, db):
    response = client.get("/api/v1/inputs", {"bogus": "1"})
    assert response.status_code == 400
    assert response["Content-Language"] == "nb"
    assert response.json() == {"error": "Ukjent parameter «bogus».", "parameter": "bogus"}


@pytest.mark.parametrize(
    ("query", "headers", "language", "message"),
    [
        ({"lang": "en"}, {}, "en", "Unknown parameter «bogus»."),
        ({"lang": "nn"}, {}, "nn", "Ukjend parameter «bogus»."),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "en", "Unknown parameter «bogus»."),
        # Arabic is not an API language: the first one that is, English, is taken.
        ({}, ARABIC_BROWSER, "en", "Unknown parameter «bogus»."),
        ({"lang": "ar"}, {}, "nb", "Ukjent parameter «bogus»."),
        ({"lang": "nb"}, {"HTTP_ACCEPT_LANGUAGE": "en"}, "nb", "Ukjent parameter «bogus»."),
    ],
)
def test_the_language_is_asked_for(client, db, query, headers, language, message):
    response = client.get("/api/v1/inputs", {"bogus": "1", **query}, **headers)
    assert response["Content-Language"] == language
    assert response.json()["error"] == message


def test_the_site_cookie_does_not_change_the_api(client, db):
    client.cookies["django_language"] = "en"
    response = client.get("/api/v1/inputs", {"bogus": "1"})
    assert response.json()["error"] == "Ukjent parameter «bogus»."


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/api/v1/inputs", {"format": "pdf"}, "«format» must be json, csv or xlsx."),
        (
            "/api/v1/inputs",
            {"year": "abc"},
            "Invalid value for “year”: “abc” (whole number 1900–2100).",
        ),
        ("/api/v1/followup", {"year": "18"}, "«year» must be a four-digit year."),
        ("/api/v1/followup", {"page": "0"}, "«page» must be at least 1."),
        ("/api/v1/followup", {"ministry": "XYZ"}, "Unknown ministry or agency «XYZ»."),
        ("/api/v1/practices", {"county": "x"}, "«county» must be a county number such as 46."),
    ],
)
def test_every_error_of_a_request_is_in_its_language(client, db, path, params, message):
    response = client.get(path, {**params, "lang": "en"})
    assert response.status_code == 400
    assert response.json()["error"] == message


def test_theme_names_in_the_language_asked_for_with_the_same_keys(client, vocabulary):
    nb = client.get("/api/v1/themes").json()
    en = client.get("/api/v1/themes", {"lang": "en"}).json()
    nn = client.get("/api/v1/themes", HTTP_ACCEPT_LANGUAGE="nn").json()
    assert [t["key"] for t in en] == [t["key"] for t in nb] == [t["key"] for t in nn]
    assert nb[0] == {"key": "arbeid", "name": "Arbeid og rekruttering"}
    assert en[0] == {"key": "arbeid", "name": "Work and recruitment"}
    assert nn[1] == {"key": "kvalifisering", "name": "Utdanning og kvalifisering av vaksne"}
