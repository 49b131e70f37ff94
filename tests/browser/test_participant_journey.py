"""The participant's path on a phone: invitation link, registration with ranked wishes, session."""

import pytest
from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from innspill.registrations.models import Registration
from innspill.registrations.placement import placement_compute, placement_publish
from innspill.registrations.services import RegistrationData, registration_submit
from tests.browser.conftest import axe_violations
from tests.registrations.factories import block_sessions, make_conference, make_invitation

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_participant_registers_with_ranked_wishes_and_sees_the_session(
    phone, live_server, transactional_db
):
    conference = make_conference(capacity=50, sessions=3, seats=1)
    first, second, third = block_sessions(conference)
    # Someone registered earlier and also wants the first session, which has one seat.
    _other, _ = make_invitation(conference)
    invitation, token = make_invitation(conference, name="Amina Hassan")

    phone.goto(f"{live_server.url}/deltaker/i/{token}/")
    assert phone.get_by_role("heading", level=1).inner_text() == f"Påmelding: {conference.title}"
    assert axe_violations(phone) == []
    assert phone.get_by_label("Navn", exact=True).input_value() == "Amina Hassan"
    phone.get_by_label("Type organisasjon").select_option(label="Innvandrerorganisasjon")
    phone.get_by_label("Kosthold og allergier").fill("vegetar")
    wishes = phone.get_by_role(
        "group", name="Parallellblokk 1: ranger sesjonene du helst vil delta i"
    )
    wishes.get_by_label("1. ønske").select_option(label=str(second))
    wishes.get_by_label("2. ønske").select_option(label=str(third))
    phone.get_by_label("Jeg blir med på det sosiale samværet").check()
    phone.get_by_role("button", name="Meld meg på").click()
    # Consent is required: the error summary comes first and names the field.
    alert = phone.get_by_role("alert")
    alert.wait_for()
    assert "samtykker" in alert.inner_text()
    assert axe_violations(phone) == []
    phone.get_by_label(
        "Jeg samtykker til at opplysningene lagres for å planlegge konferansen"
    ).check()
    phone.get_by_role("button", name="Meld meg på").click()

    phone.get_by_text("Amina Hassan, du er påmeldt.").wait_for()
    assert phone.locator(".my-wishes li").all_inner_texts() == [
        f"Parallellblokk 1: {second}",
        f"Parallellblokk 1: {third}",
    ]
    assert axe_violations(phone) == []

    staff = User.objects.create_superuser("sekretariat", password="pw-for-tests-only")
    run = placement_compute(conference=conference, by=staff)
    placement_publish(run=run, by=staff)

    phone.reload()
    assert phone.locator(".my-session").inner_text() == str(second)
    assert axe_violations(phone) == []
    invitation.refresh_from_db()
    assert invitation.status == "registered"

    # Cancelling after placement: a page that asks first, then the seat is given back.
    phone.get_by_role("link", name="Meld meg av").click()
    phone.get_by_role("heading", name="Vil du melde deg av?").wait_for()
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Ja, meld meg av").click()
    phone.locator(".status-cancelled").wait_for()
    assert axe_violations(phone) == []
    assert Registration.objects.get(invitation=invitation).status == "cancelled"


def test_program_page_on_a_phone(phone, live_server, transactional_db):
    conference = make_conference(blocks=2, sessions=3)
    phone.goto(f"{live_server.url}/konferanse/{conference.pk}/")
    assert phone.locator(".program-item").count() == 6
    assert axe_violations(phone) == []


def test_staff_pages_are_accessible(page, live_server, transactional_db):
    conference = make_conference(capacity=10, sessions=3, seats=2)
    sessions = block_sessions(conference)
    for i in range(3):
        invitation, _token = make_invitation(conference)
        registration_submit(
            invitation=invitation,
            data=RegistrationData(
                name=f"Deltaker {i}",
                organisation_name="Org",
                wishes={sessions[0].block_id: [sessions[0].pk]},
            ),
        )
    User.objects.create_superuser("sekretariat", password="pw-for-tests-only")
    page.goto(f"{live_server.url}/ansatt/logg-inn/")
    page.get_by_label("Brukernavn").fill("sekretariat")
    page.get_by_label("Passord").fill("pw-for-tests-only")
    page.get_by_role("button", name="Logg inn").click()
    # First login: enrol the second factor (QR code and secret), then the recovery codes.
    page.get_by_role("heading", name="Sett opp tofaktorinnlogging").wait_for()
    assert axe_violations(page) == []
    device = TOTPDevice.objects.get(user__username="sekretariat")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode fra appen").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Bekreft og fortsett").click()
    page.get_by_role("heading", name="Tofaktorinnlogging er slått på").wait_for()
    assert page.locator("ul.otp-codes li").count() == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="Jeg har tatt vare på kodene – fortsett").click()
    page.wait_for_url(f"{live_server.url}/ansatt/")
    page.goto(f"{live_server.url}/deltaker/ansatt/{conference.pk}/plassering/")
    page.get_by_role("button", name="Beregn plassering").click()
    page.get_by_role("heading", name="Parallellblokk 1").wait_for()
    assert page.locator("table.compare tbody tr").count() >= 3
    assert axe_violations(page) == []
    for path in (
        f"/konferanse/{conference.pk}/rediger/",
        f"/konferanse/{conference.pk}/rediger/punkt/ny/",
        f"/deltaker/ansatt/{conference.pk}/invitasjoner/",
        f"/deltaker/ansatt/{conference.pk}/pameldinger/",
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/deltaker/ansatt/{conference.pk}/innsjekk/")
    page.get_by_label("Søk etter navn eller organisasjon").fill("Deltaker 1")
    page.get_by_role("button", name="Sjekk inn Deltaker 1").click()
    page.get_by_text("1 av 3 påmeldte har kommet.").wait_for()
    assert axe_violations(page) == []
