"""Our own 403, 404, 500 and CSRF pages: the site's layout and language, a way back, DEBUG off."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from innspill.common import errors


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def researcher(db):
    user = User.objects.create_user("forsker", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="researcher"))
    return user


def test_404_is_ours_in_the_layout_with_a_way_back(client, db):
    response = client.get("/finnes-ikke/")
    page = text(response)
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["errors/404.html", "base.html"]
    assert "<h1>Fant ikke siden</h1>" in page
    assert '<a href="/">Til forsiden</a>' in page
    assert 'lang="nb"' in page
    assert "Til oversikten for ansatte" not in page  # not staff


def test_404_from_a_view_is_ours_too(client, db):
    response = client.get("/konferanse/999999/")
    assert response.status_code == 404 and "<h1>Fant ikke siden</h1>" in text(response)


def test_404_under_the_api_is_json(client, db):
    response = client.get("/api/v1/finnes-ikke")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"error": "Fant ikke siden"}


def test_404_in_the_chosen_language(client, db):
    client.cookies["django_language"] = "en"
    page = text(client.get("/finnes-ikke/"))
    assert 'lang="en"' in page and "<h1>Page not found</h1>" in page
    client.cookies["django_language"] = "nn"
    assert "<h1>Fann ikkje sida</h1>" in text(client.get("/finnes-ikke/"))


def test_403_is_ours_and_leads_back_to_the_dashboard(client, researcher):
    client.force_login(researcher)
    response = client.get("/ansatt/import/")
    page = text(response)
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["errors/403.html", "base.html"]
    assert "<h1>Ingen tilgang</h1>" in page
    assert "Rollen din gir ikke adgang hit." in page
    assert '<a href="/ansatt/">Til oversikten for ansatte</a>' in page


def test_403_in_english(client, researcher):
    client.force_login(researcher)
    client.cookies["django_language"] = "en"
    assert "<h1>Access denied</h1>" in text(client.get("/ansatt/import/"))


def test_csrf_failure_is_ours_and_explains(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ansatt/logg-inn/", {"username": "x", "password": "y"})
    page = text(response)
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["errors/403_csrf.html", "base.html"]
    assert "<h1>Skjemaet ble ikke sendt</h1>" in page
    assert "Ingenting er lagret." in page and '<a href="/">Til forsiden</a>' in page


@pytest.mark.urls("tests.common.urls_failing")
def test_500_is_ours(db):
    client = Client(raise_request_exception=False)
    response = client.get("/feiler/")
    page = text(response)
    assert response.status_code == 500
    assert [t.name for t in response.templates][:2] == ["errors/500.html", "base.html"]
    assert "<h1>Noe gikk galt</h1>" in page and '<a href="/">Til forsiden</a>' in page


@pytest.mark.urls("tests.common.urls_failing")
def test_500_in_the_chosen_language(db):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "nn"
    assert "<h1>Noko gjekk gale</h1>" in text(client.get("/feiler/"))


def test_500_renders_without_a_database_or_a_request():
    # No `db` fixture: pytest-django fails any query; the page needs none.
    with translation.override("en"):
        response = errors.server_error(None)
    page = text(response)
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page
    assert 'href="/static/innspill/site.css"' in page or "site.css" in page


def test_500_falls_back_to_a_plain_page_when_its_template_fails(settings, tmp_path):
    broken = tmp_path / "errors"
    broken.mkdir()
    (broken / "500.html").write_text("{% url 'no-such-page' %}", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path], "APP_DIRS": False}]
    response = errors.server_error(None)
    page = text(response)
    assert response.status_code == 500
    assert "<h1>Noe gikk galt</h1>" in page and '<a href="/">Til forsiden</a>' in page


def test_handlers_and_csrf_view_are_set(settings):
    from innspill import urls

    assert (urls.handler403, urls.handler404, urls.handler500) == (
        "innspill.common.errors.forbidden",
        "innspill.common.errors.not_found",
        "innspill.common.errors.server_error",
    )
    assert settings.CSRF_FAILURE_VIEW == "innspill.common.errors.csrf_failure"
