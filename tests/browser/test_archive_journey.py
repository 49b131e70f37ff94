"""The public's journey through the archive in a real browser, with an accessibility check on each page."""

import re

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def archive(transactional_db, make_input):
    make_input(
        "Flere plasser i barnehage for alle barn.",
        theme="oppvekst",
        kind="tiltak",
        year=2018,
        session="Oppvekst og skole",
    )
    make_input(
        "Bruk anonyme jobbsøknader i staten.", theme="diskriminering", kind="tiltak", year=2017
    )
    make_input(
        "Innvandrerorganisasjon trenger lokaler.", theme="frivillighet", kind="barriere", year=2015
    )


def test_search_filter_and_open_an_input(page, live_server, archive):
    page.goto(live_server.url + "/")
    assert axe_violations(page) == []
    page.get_by_label("Søk", exact=True).fill("barnehagen")
    page.get_by_label("Søk", exact=True).press("Enter")
    results = page.locator("#results")
    results.get_by_text("1 innspill").wait_for()
    assert results.locator("mark").first.inner_text() == "barnehage"
    assert "q=barnehagen" in page.url  # htmx pushed the search into the address bar
    # Narrow by a facet, then open the input.
    page.get_by_role("link", name=re.compile("^Barnehage, skole")).click()
    page.wait_for_url(re.compile("theme=oppvekst"))
    page.get_by_role("link", name=re.compile("Flere plasser i barnehage")).click()
    page.get_by_role("heading", name="Innspill", exact=True).wait_for()
    assert "Oppvekst og skole" in page.content()
    assert axe_violations(page) == []


def test_keyboard_skip_link_reaches_main(page, live_server, archive):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    # The search page's first skip link goes straight to the results, the second to the page.
    assert page.evaluate("document.activeElement.textContent").strip() == "Hopp til treffene"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Hopp til hovedinnhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_theme_trends_page_is_accessible(page, live_server, archive):
    page.goto(live_server.url + "/temaer/")
    assert page.locator("svg.chart").count() == 18
    assert axe_violations(page) == []


def test_phone_sized_search(phone, live_server, archive):
    phone.goto(live_server.url + "/?q=jobbsøknad")
    assert phone.locator(".input-item").count() == 1
    assert axe_violations(phone) == []
