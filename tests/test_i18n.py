import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_bokmal_without_a_choice_and_the_browser_language_on_a_first_visit(client):
    body = client.get(reverse("archive:input-list")).content.decode()
    assert '<html lang="nb" dir="ltr"' in body and "Hopp til hovedinnhold" in body
    body = client.get(
        reverse("archive:input-list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert '<html lang="en" dir="ltr"' in body and "Skip to main content" in body


@pytest.mark.django_db
def test_a_link_carries_its_language_and_it_is_remembered(client):
    response = client.get(reverse("archive:input-list"), {"lang": "ar"})
    assert '<html lang="ar" dir="rtl"' in response.content.decode()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    body = client.get(reverse("archive:input-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="ar" dir="rtl"' in body
    assert client.get("/", {"lang": "xx"}).cookies.get(settings.LANGUAGE_COOKIE_NAME) is None


@pytest.mark.django_db
def test_the_switcher_names_every_language_in_itself(client):
    body = client.get(reverse("archive:input-list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code, name in [
        ("nb", "Norsk bokmål"),
        ("nn", "Norsk nynorsk"),
        ("en", "English"),
        ("se", "Davvisámegiella"),
        ("ar", "العربية"),
        ("so", "Soomaali"),
        ("ti", "ትግርኛ"),
        ("uk", "Українська"),
        ("pl", "Polski"),
    ]:
        assert f'<option value="{code}" lang="{code}"' in body and f">{name}</option>" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "skip_link"), [("nn", "Hopp til hovudinnhaldet"), ("en", "Skip to main content")]
)
def test_language_switcher_changes_the_interface(client, code, skip_link):
    response = client.post(reverse("set_language"), {"language": code, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code
    body = client.get(reverse("archive:input-list")).content.decode()
    assert f'<html lang="{code}" dir="ltr"' in body and skip_link in body


def test_facet_headings_follow_the_language(client, make_input):
    make_input("Flere lærlingplasser.", theme="arbeid", kind="tiltak", year=2018)
    body = client.get(reverse("archive:input-list"), {"lang": "en"}).content.decode()
    assert "<h3>Year</h3>" in body and "<h3>Type of input</h3>" in body
    body = client.get(reverse("archive:input-list"), {"lang": "nb"}).content.decode()
    assert "<h3>År</h3>" in body and "<h3>Type innspill</h3>" in body
