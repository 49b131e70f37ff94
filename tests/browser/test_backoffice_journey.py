"""The secretariat's organisation registry and moderation queue in a real browser, with axe."""

import pytest
from playwright.sync_api import expect

from innspill.inputs.models import Input, Status
from innspill.organisations.models import Organisation, Person
from tests.browser.conftest import axe_violations
from tests.followups.conftest import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def secretariat_page(transactional_db, client, live_server, page):
    client.force_login(user_with_role("secretariat"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_register_an_organisation_and_its_contact(secretariat_page, live_server):
    page = secretariat_page
    page.goto(f"{live_server.url}/ansatt/")
    page.get_by_role("link", name="Organisasjonsregisteret").click()
    page.get_by_role("heading", name="Organisasjonsregisteret").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Ny organisasjon").click()
    page.get_by_label("Navn").fill("Brønnøysundregistrene")
    page.get_by_label("Type").select_option("statlig_etat")
    page.get_by_label("Organisasjonsnummer").fill("974 760 674")
    page.get_by_role("button", name="Legg til").click()
    page.get_by_role("alert").get_by_text("kontrollsifferet stemmer ikke").wait_for()
    assert axe_violations(page) == []
    assert Organisation.objects.count() == 0

    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_role("button", name="Legg til").click()
    page.get_by_role("heading", name="Brønnøysundregistrene").wait_for()
    assert Organisation.objects.get().org_number == "974760673"
    assert axe_violations(page) == []

    page.get_by_role("link", name="Legg til kontaktperson").click()
    page.get_by_label("Navn").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.org")
    page.get_by_role("button", name="Legg til").click()
    page.get_by_role("link", name="Kari Nordmann").wait_for()
    assert Person.objects.get().organisation == Organisation.objects.get()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Organisasjoner", exact=True).click()
    page.get_by_label("Søk").fill("974760673")
    page.get_by_role("button", name="Vis").click()
    row = page.get_by_role("row", name="Brønnøysundregistrene")
    row.get_by_role("cell", name="1", exact=True).wait_for()
    assert axe_violations(page) == []


def test_moderate_from_the_keyboard(secretariat_page, live_server, make_input):
    page = secretariat_page
    items = [
        make_input(f"Innspill {n} venter: flere tolker i helsetjenesten.", status=Status.PENDING)
        for n in (1, 2, 3)
    ]
    page.goto(f"{live_server.url}/ansatt/moderering/")
    page.get_by_text("3 innspill venter på moderering.").wait_for()
    assert axe_violations(page) == []

    page.get_by_role("button", name=f"Godkjenn nr. {items[0].pk}").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Publisert:").wait_for()
    # the keyboard lands on the next waiting input
    # (a locator assertion: the page's CSP forbids the eval behind wait_for_function)
    expect(page.locator(f"#input-{items[1].pk}-h")).to_be_focused()
    assert axe_violations(page) == []

    page.keyboard.press("Tab")  # the next item's «Godkjenn»
    page.keyboard.press("Tab")  # «Rediger»
    page.keyboard.press("Tab")  # «Skjul …»
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=f"Skjule innspill nr. {items[1].pk}?").wait_for()
    expect(page.locator("[name=reason]")).to_be_focused()
    assert axe_violations(page) == []
    page.keyboard.type("Dobbelt")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Skjult:").wait_for()
    assert axe_violations(page) == []
    assert list(Input.objects.order_by("pk").values_list("status", flat=True)) == [
        "published",
        "hidden",
        "pending",
    ]
