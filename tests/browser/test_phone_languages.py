"""Every participant page on a 390 × 844 phone in bokmål and Arabic (right to left): axe finds
no serious or critical violation, nothing is wider than the screen, and after a failed submit
the focus is on the error summary."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from innspill.cycles.services import cycle_get_or_create
from innspill.followups.models import FollowUp, Owner, OwnerKind
from innspill.inputs.models import Origin
from innspill.inputs.services import input_create
from innspill.organisations.models import Organisation
from innspill.registrations.placement import placement_compute, placement_publish
from innspill.registrations.services import RegistrationData, registration_submit
from innspill.rounds import services as rounds
from tests.browser.conftest import axe_violations
from tests.capture.factories import open_capture
from tests.registrations.factories import block_sessions, make_conference, make_invitation
from tests.surveys.factories import make_survey, send_to

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DIRECTION = {"nb": "ltr", "ar": "rtl"}


def check(phone, lang, what):
    assert phone.evaluate("document.documentElement.lang") == lang, what
    assert phone.evaluate("document.documentElement.dir") == DIRECTION[lang], what
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, what
    assert axe_violations(phone) == [], what


def focused_id(phone):
    return phone.evaluate("document.activeElement && document.activeElement.id")


@pytest.mark.parametrize("lang", ["nb", "ar"])
def test_every_participant_page_on_a_phone(phone, live_server, transactional_db, lang):
    conference = make_conference(capacity=20, sessions=3, seats=5)
    first, second, _third = block_sessions(conference)
    invitation, token = make_invitation(conference, name="Amina Hassan")
    base = live_server.url

    phone.goto(f"{base}/konferanse/?lang={lang}")  # the link's language is remembered from here
    check(phone, lang, "conference list")
    phone.goto(f"{base}/konferanse/{conference.pk}/")
    check(phone, lang, "program")

    phone.goto(f"{base}/deltaker/i/{token}/")
    check(phone, lang, "invitation and registration form")
    phone.locator("main form button[type=submit]").first.click()  # without consent: refused
    phone.locator("#error-summary").wait_for()
    assert focused_id(phone) == "error-summary"
    assert phone.locator("#error-summary").get_attribute("role") == "alert"
    check(phone, lang, "registration with errors")

    registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Amina Hassan",
            organisation_name="Org",
            wishes={first.block_id: [second.pk, first.pk]},
        ),
    )
    phone.goto(f"{base}/deltaker/i/{token}/")  # not reload: that would post the form again
    check(phone, lang, "registered, with wishes")
    staff = User.objects.create_superuser("sekretariat", password="pw-for-tests-only")
    placement_publish(run=placement_compute(conference=conference, by=staff), by=staff)
    phone.reload()
    # the session's title has no version in the page's language: bokmål with the note, except in nb
    with translation.override(lang):
        assert phone.locator(".my-session").inner_text() == second.display.marked_text
    check(phone, lang, "placement")

    # «What became of my inputs»: an input from the participant's session, followed up.
    given, _ = input_create(
        text="Raskere godkjenning av utdanning.",
        cycle=conference.cycle,
        origin=Origin.SESSION,
        session=second,
    )
    kd, _ = Owner.objects.get_or_create(
        short_name="KD", defaults={"name": "Kunnskapsdepartementet", "kind": OwnerKind.MINISTRY}
    )
    FollowUp.objects.create(
        input=given,
        owner=kd,
        status="fulgt_opp",
        answer="Ny ordning.",
        answered_on=date(2019, 3, 1),
    )
    phone.reload()
    assert phone.locator(".participant-followups li").count() == 1
    check(phone, lang, "what became of my inputs")

    for path, what in (
        ("avmeld/", "cancel, asked first"),
        ("stedfortreder/", "name a substitute"),
        ("slett-meg/", "erase my personal data, asked first"),
    ):
        phone.goto(f"{base}/deltaker/i/{token}/{path}")
        check(phone, lang, what)

    capture = open_capture(session=second)
    phone.goto(f"{base}/live/{capture.code}/")
    check(phone, lang, "live capture")
    phone.locator("#capture-text").fill("Flere språkpraksisplasser i kommunene.")
    phone.locator(".capture-form button[type=submit]").click()
    phone.locator(".capture-mine li").first.wait_for()
    check(phone, lang, "live capture, input sent")
    phone.goto(f"{base}/live/i/{token}/")
    check(phone, lang, "live capture from the personal link")

    survey = make_survey(by=staff)
    survey_token = send_to(survey, ["amina@example.org"])["amina@example.org"]
    phone.goto(base + reverse("surveys:answer", args=[survey_token]))
    check(phone, lang, "evaluation survey")
    phone.locator("main form button[type=submit]").first.click()
    phone.locator("#error-summary").wait_for()
    assert focused_id(phone) == "error-summary"
    check(phone, lang, "evaluation survey with errors")
    phone.goto(base + reverse("surveys:thanks"))
    check(phone, lang, "survey thanks")

    # A link that leads nowhere, on each of the participant's link pages.
    for path in ("/deltaker/i/ukjent/", "/sporsmal/svar/ukjent/", "/evaluering/svar/ukjent/"):
        phone.goto(base + path)
        check(phone, lang, f"link error {path}")

    # After the placement is published, a late invitee finds registration closed.
    _late, late_token = make_invitation(conference, name="Ola Nordmann")
    phone.goto(f"{base}/deltaker/i/{late_token}/")
    check(phone, lang, "registration closed")

    _other, other_token = make_invitation(make_conference(year=2019), name="Kari Nordmann")
    phone.goto(f"{base}/deltaker/i/{other_token}/")
    phone.locator("form.decline button[type=submit]").click()
    phone.wait_for_load_state()
    check(phone, lang, "declined")


@pytest.mark.parametrize("lang", ["nb", "ar"])
def test_question_round_answer_page_on_a_phone(phone, live_server, transactional_db, lang):
    staff = User.objects.create_superuser("sekretariat", password="pw-for-tests-only")
    question_round = rounds.round_create(
        cycle=cycle_get_or_create(year=2026),
        title="Innspill 2026",
        questions=[
            "Hvordan samarbeider kommunen og frivilligheten?",
            "Hva bør konferansen ta opp?",
        ],
        by=staff,
    )
    organisation = Organisation.objects.create(
        name="Frivilligsentralen", type="frivillig_organisasjon"
    )
    rounds.recipients_add(
        question_round=question_round,
        organisations=[(organisation, "post@frivillig.example.org")],
        by=staff,
    )
    (sent,) = rounds.round_send(question_round=question_round, base_url=live_server.url, by=staff)
    link = sent.url.replace("http://testserver", live_server.url)
    phone.goto(f"{link}?lang={lang}")
    check(phone, lang, "question round answers")
    phone.locator("button[value=submit]").click()  # nothing written: refused
    phone.locator("#error-summary").wait_for()
    assert focused_id(phone) == "error-summary"
    check(phone, lang, "question round answers with errors")
    phone.locator("main textarea").first.fill("Vi møtes hver måned i frivilligsentralen.")
    phone.locator("button[value=draft]").click()
    phone.wait_for_load_state()
    assert phone.locator("main textarea").first.input_value() == (
        "Vi møtes hver måned i frivilligsentralen."
    )
    check(phone, lang, "question round, draft saved")


@pytest.mark.parametrize("lang", ["nb", "ar"])
def test_search_results_come_first_on_a_phone(phone, live_server, make_input, lang):
    for n in range(12):
        make_input(f"Innspill nummer {n} om arbeid og språkopplæring.", theme="arbeid", year=2018)
    phone.goto(f"{live_server.url}/?lang={lang}")
    check(phone, lang, "archive search")
    first_result = phone.locator(".input-list a").first
    assert first_result.bounding_box()["y"] < 844  # on the first screen, before the facets
    assert phone.locator(".facets").is_hidden()
    phone.locator(".facets-toggle > summary").click()
    assert phone.locator(".facets").is_visible()
    phone.reload()
    stops = 0
    while stops < 30:
        phone.keyboard.press("Tab")
        stops += 1
        if phone.evaluate("document.activeElement === document.querySelector('.input-list a')"):
            break
    assert stops < 15
