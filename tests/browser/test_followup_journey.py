"""A ministry answers in its inbox and the public sees the answer, in a real browser with axe."""

import re

import pytest

from innspill.followups.models import FollowUp, Owner
from tests.browser.conftest import axe_violations
from tests.followups.conftest import ensure_registry, user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def assigned(transactional_db, make_input, client, live_server, page):
    ensure_registry()
    kd = Owner.objects.get(short_name="KD")
    item = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2017)
    FollowUp.objects.create(input=item, owner=kd)
    client.force_login(user_with_role("ministry", owner=kd))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return item


def test_ministry_answers_and_the_public_page_shows_it(page, live_server, assigned):
    page.goto(f"{live_server.url}/ansatt/oppfolging/")
    assert axe_violations(page) == []
    item = page.locator(f"#followup-{FollowUp.objects.get().pk}")
    item.get_by_label("Status").select_option("delvis_fulgt_opp")
    item.get_by_label("Offentlig svar").fill("Ny forskrift om godkjenning fra 2019.")
    item.get_by_role("button", name="Lagre svar").click()
    page.locator(f"#followup-{FollowUp.objects.get().pk}").get_by_text("Lagret.").wait_for()
    assert FollowUp.objects.get().status == "delvis_fulgt_opp"
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/oppfolging/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="2017").click()
    page.wait_for_url(re.compile("/oppfolging/2017/"))
    assert page.locator("svg.chart").count() == 1
    assert "Ny forskrift om godkjenning fra 2019." in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Godkjenning av utenlandsk")).click()
    page.get_by_text("besvart av KD").wait_for()
    assert axe_violations(page) == []
