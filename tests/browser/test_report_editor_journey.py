"""The report editor in a real browser: keyboard reordering with htmx, accessible pages."""

import pytest
from django.contrib.auth.models import Group, User

from innspill.cycles.models import Cycle
from innspill.reports import services
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def editor(transactional_db, make_input, client, live_server, page):
    make_input("Mer norskopplæring på arbeidsplassen", number=1, group_heading="Språk")
    make_input("Flere praksisplasser i staten", number=1, group_heading="Språk")
    staff = User.objects.create(username="sek")
    staff.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    report = services.report_draft(
        cycle=Cycle.objects.get(year=2024), report_type="conference", by=staff
    )
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return report


def test_move_an_input_down_with_the_keyboard(page, live_server, editor):
    page.goto(f"{live_server.url}/rapporter/ansatt/{editor.pk}/")
    assert axe_violations(page) == []
    inputs = page.locator(
        "section", has=page.get_by_role("heading", name="Innspill fra deltakerne")
    )
    button = inputs.get_by_role("button", name="Flytt ned: Mer norskopplæring på arbeidsplassen")
    button.focus()
    page.keyboard.press("Enter")
    moved = inputs.locator("li").first
    moved.get_by_role("button", name="Flytt ned: Flere praksisplasser i staten").wait_for()
    editor.refresh_from_db()
    items = [
        item[0]["text"]
        for section in editor.draft["sections"]
        if section["heading"] == "Innspill fra deltakerne"
        for block in section["blocks"]
        for item in block["items"]
    ]
    assert items == ["Flere praksisplasser i staten", "Mer norskopplæring på arbeidsplassen"]


def test_publish_confirmation_and_public_list_are_accessible(page, live_server, editor):
    page.goto(f"{live_server.url}/rapporter/ansatt/{editor.pk}/publiser/")
    assert axe_violations(page) == []
    page.get_by_label("Jeg har lest forhåndsvisningen").check()
    page.get_by_role("button", name="Publiser").click()
    page.get_by_role("link", name="Gå videre").wait_for()
    page.goto(f"{live_server.url}/rapporter/")
    page.get_by_role("link", name="Konferanserapport").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Konferanserapport").click()
    page.get_by_role("heading", name="Innspill fra deltakerne").wait_for()
    assert axe_violations(page) == []
