"""Our error pages in a real browser: the layout, a way back that works, and no axe violations."""

import re

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_404_page_leads_back_to_the_front_page(page, live_server, transactional_db):
    response = page.goto(f"{live_server.url}/finnes-ikke/")
    assert response.status == 404
    page.get_by_role("heading", name="Fant ikke siden").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Til forsiden").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.title() == "Søk i innspill – innspill"


def test_403_page_for_a_role_leads_back_to_its_dashboard(
    page, live_server, client, transactional_db
):
    researcher = User.objects.create_user("forsker", password="x-long-password-1")
    researcher.groups.add(Group.objects.get_or_create(name="researcher")[0])
    client.force_login(researcher)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    response = page.goto(f"{live_server.url}/ansatt/import/")
    assert response.status == 403
    page.get_by_role("heading", name="Ingen tilgang").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Til oversikten for ansatte").click()
    page.get_by_role("heading", name="Oversikt for ansatte").wait_for()
    assert page.get_by_role("link", name="Hele arkivet som CSV").count() == 1
    assert page.get_by_role("link", name="Importer en publisert rapport").count() == 0


def test_csrf_failure_page_explains_and_is_accessible(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/ansatt/logg-inn/")
    page.context.clear_cookies()  # as if the form had been open past the cookie's life
    page.get_by_label("Brukernavn").fill("forsker")
    page.get_by_label("Passord").fill("x-long-password-1")
    with page.expect_response(re.compile("/ansatt/logg-inn/$")) as sent:
        page.get_by_role("button", name="Logg inn").click()
    assert sent.value.status == 403
    page.get_by_role("heading", name="Skjemaet ble ikke sendt").wait_for()
    assert axe_violations(page) == []


@pytest.mark.urls("tests.common.urls_failing")
def test_500_page_in_english_is_accessible(page, live_server, transactional_db):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    response = page.goto(f"{live_server.url}/feiler/")
    assert response.status == 500
    page.get_by_role("heading", name="Something went wrong").wait_for()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert axe_violations(page) == []
    page.get_by_role("link", name="To the front page").click()
    page.wait_for_url(f"{live_server.url}/")
