"""A question round on a phone: open the organisation's link, save a draft, submit, edit again."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client

from innspill.cycles.services import cycle_get_or_create
from innspill.inputs.models import Input
from innspill.organisations.models import Organisation
from innspill.rounds import services
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]
QUESTIONS = ["Hvordan samarbeider kommunen og frivilligheten?", "Har dere et godt eksempel?"]


def test_an_organisation_answers_a_round_on_a_phone(
    phone, page, live_server, transactional_db, vocabulary
):
    staff = User.objects.create_user("sekretariat")
    staff.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    cycle = cycle_get_or_create(year=2026)
    question_round = services.round_create(
        cycle=cycle, title="Innspill 2026", questions=QUESTIONS, by=staff
    )
    organisations = [
        (Organisation.objects.create(name="Nordby kommune", type="kommune"), "post@nordby.no"),
        (Organisation.objects.create(name="Sandvik frivilligsentral", type="frivillig_organisasjon"), "post@sandvik.no"),
    ]  # fmt: skip
    services.recipients_add(question_round=question_round, organisations=organisations, by=staff)

    # staff send from the round's page
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/sporsmal/ansatt/{question_round.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send lenken til 2 organisasjoner").click()
    page.get_by_text("Sendt til 2 organisasjoner.").wait_for()
    nordby = next(m for m in mail.outbox if m.to == ["post@nordby.no"])
    # the link is on the site's configured address; the phone opens its path on the test server
    link = re.search(r"https?://[^/\s]+(/sporsmal/svar/\S+/)", nordby.body).group(1)

    phone.goto(live_server.url + link)
    assert phone.get_by_role("heading", level=1).inner_text() == "Innspill 2026"
    assert axe_violations(phone) == []
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    first = phone.get_by_label(f"1. {QUESTIONS[0]}")
    first.fill("Vi møtes hvert kvartal med frivilligsentralen.")
    phone.get_by_role("button", name="Lagre utkast").click()
    phone.get_by_text("Utkastet er lagret. Det er ikke sendt inn ennå.").wait_for()
    assert Input.objects.count() == 0
    assert first.input_value() == "Vi møtes hvert kvartal med frivilligsentralen."

    phone.get_by_label(f"2. {QUESTIONS[1]}").fill("Språkkafé på biblioteket.")
    phone.get_by_role("button", name="Send inn svarene").click()
    phone.get_by_text("Takk! Svarene er sendt inn.").wait_for()
    assert axe_violations(phone) == []
    assert sorted(Input.objects.values_list("text", "organisation_type")) == [
        ("Språkkafé på biblioteket.", "kommune"),
        ("Vi møtes hvert kvartal med frivilligsentralen.", "kommune"),
    ]

    # the round's page shows the table live, and the reminder goes to the one left
    page.goto(f"{live_server.url}/sporsmal/ansatt/{question_round.pk}/")
    table = page.get_by_role("table", name="Spurt og svart, etter type organisasjon")
    assert table.get_by_role("row", name="Kommuner 1 1 100 %").count() == 1
    page.get_by_role("button", name="Påminn 1 som ikke har svart").click()
    page.get_by_text("Påminnelse sendt til 1 organisasjoner.").wait_for()
    assert [m.to for m in mail.outbox[2:]] == [["post@sandvik.no"]]
    assert axe_violations(page) == []

    # the registry filter: new organisations of a type, ticked to be added
    Organisation.objects.create(name="Elvedal kommune", type="kommune", region="trondelag")
    page.goto(f"{live_server.url}/sporsmal/ansatt/{question_round.pk}/")
    page.get_by_role("group", name="Type").get_by_label("Kommune", exact=True).check()
    page.get_by_role("button", name="Vis organisasjoner").click()
    page.get_by_role("group", name="1 organisasjon passer").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Legg til de valgte").click()
    page.get_by_text("1 mottakere lagt til.").wait_for()
    assert question_round.recipients.count() == 3
