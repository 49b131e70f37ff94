"""The public's search in the good-practice library in a real browser, with an accessibility check."""

import re

import pytest

from innspill.practices import services
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def library(transactional_db, make_input):
    make_input(
        "Kommunen bør starte en språkkafé der innvandrere kan øve norsk med frivillige.",
        theme="sprak",
        year=2017,
    )
    services.practice_create(
        title="Språkkafé på biblioteket",
        municipality_name="Frøya",
        description="Frivillige driver en språkkafé hver torsdag der innvandrere øver norsk.",
        year=2019,
        facts={"inhabitants": 4842, "inhabitants_date": "1.1.2019", "immigrant_share": 22.85},
    )
    services.practice_create(
        title="Fagbrev for arbeidsinnvandrere",
        municipality_name="Haram",
        description="Bedriftene gir arbeidsinnvandrere fagbrev.",
        year=2019,
        facts={"inhabitants": 9383},
    )


def test_search_filter_open_a_practice_and_its_related_input(page, live_server, library):
    page.goto(live_server.url + "/gode-grep/")
    page.get_by_role("heading", name="2 gode grep").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Søk", exact=True).fill("språkkafeen")
    page.get_by_label("Fylke").select_option(label="Trøndelag")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url(re.compile(r"county=50"))
    page.get_by_role("heading", name="1 godt grep").wait_for()
    page.get_by_role("link", name="Språkkafé på biblioteket").click()
    page.get_by_role("heading", name="Språkkafé på biblioteket", level=1).wait_for()
    assert "22,85 % innvandrere" in page.content()
    assert axe_violations(page) == []
    # the input asking for it, and back: «Slik gjør andre det» on the input's page
    page.get_by_role("link", name=re.compile("Kommunen bør starte en språkkafé")).click()
    others = page.get_by_role("region", name="Slik gjør andre det")
    others.get_by_role("link", name="Språkkafé på biblioteket").wait_for()
    assert axe_violations(page) == []


def test_practice_search_on_a_phone_is_accessible(phone, live_server, library):
    phone.goto(live_server.url + "/gode-grep/?size=medium")
    phone.get_by_role("heading", name="1 godt grep").wait_for()
    assert phone.get_by_role("link", name="Fagbrev for arbeidsinnvandrere").is_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert axe_violations(phone) == []
