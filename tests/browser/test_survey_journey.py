"""The evaluation on a phone: open the one-time link, answer, thank-you page; staff read the figures."""

import pytest
from django.core import mail
from django.test import Client

from innspill.surveys.models import Answer, Response
from tests.browser.conftest import axe_violations
from tests.surveys.factories import make_survey, register, staff_user, token_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]


def test_participant_answers_the_evaluation_on_a_phone(
    phone, page, live_server, transactional_db, settings
):
    # The e-mailed links are built on the configured address: here, the live server's.
    settings.INNSPILL_SITE_URL = live_server.url
    staff = staff_user()
    survey = make_survey(by=staff)
    register(survey.conference, "amina@example.org")
    register(survey.conference, "ola@example.org")
    # staff send the links from the builder (the task runs inline in tests)
    client = Client()
    client.force_login(staff)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/evaluering/ansatt/{survey.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send lenke til deltakerne").click()
    page.get_by_text("Ferdig: 2 sendt").wait_for()
    amina = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    link = amina.body.split(live_server.url, 1)[1].split()[0]
    assert token_in(link)

    phone.goto(live_server.url + link)
    assert phone.get_by_role("heading", level=1).inner_text() == survey.title
    assert axe_violations(phone) == []
    overall = phone.get_by_role("group", name="Hvor fornøyd var du med konferansen samlet sett?")
    overall.get_by_label("Svært fornøyd", exact=True).check()
    phone.get_by_role("group", name="Innlegg: Innlegg 1").get_by_label(
        "Fornøyd", exact=True
    ).check()
    phone.get_by_label("Kommentarer og forslag til neste års konferanse").fill("Mer tid i gruppene")
    phone.get_by_role("button", name="Send inn svarene").click()

    # half filled: the error summary comes first, what was filled is kept
    alert = phone.get_by_role("alert")
    alert.wait_for()
    assert "Innlegg: Innlegg 2: Velg et svar." in alert.inner_text()
    assert axe_violations(phone) == []
    assert overall.get_by_label("Svært fornøyd", exact=True).is_checked()
    phone.get_by_role("group", name="Innlegg: Innlegg 2").get_by_label("Verken eller").check()
    phone.get_by_role("group", name="Vil du delta neste år?").get_by_label("Ja", exact=True).check()
    phone.get_by_role("button", name="Send inn svarene").click()

    phone.get_by_role("heading", name="Takk for svaret!").wait_for()
    assert axe_violations(phone) == []
    assert Response.objects.count() == 1
    assert Answer.objects.filter(text="Mer tid i gruppene").count() == 1

    phone.goto(live_server.url + link)
    assert phone.get_by_role("heading", level=1).inner_text() == "Du har allerede svart"

    # the reminder goes to the one who has not answered; staff read the statistics
    page.goto(f"{live_server.url}/evaluering/ansatt/{survey.pk}/")
    page.get_by_role("button", name="Send påminnelse").click()
    page.get_by_text("Ferdig: 1 sendt").wait_for()
    assert [m.to for m in mail.outbox[2:]] == [["ola@example.org"]]
    page.goto(f"{live_server.url}/evaluering/ansatt/{survey.pk}/statistikk/")
    assert page.locator("svg.chart").count() == 2
    assert page.get_by_text("Mer tid i gruppene").count() == 1
    assert axe_violations(page) == []
