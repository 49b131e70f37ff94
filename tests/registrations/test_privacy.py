"""Retention after the conference, and a participant's data downloaded or erased on request."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.followups.models import DigestSubscription
from innspill.registrations.models import Invitation, PersonalNeeds, Registration, Wish
from innspill.registrations.privacy import PurgeResult, purge_personal_data
from innspill.registrations.services import RegistrationData, registration_submit
from tests.registrations.factories import (
    block_sessions,
    make_conference,
    make_invitation,
    register,
    staff_user,
)


def _today_conference(**extra):
    conference = make_conference(**extra)
    conference.date = clock.today()
    conference.save(update_fields=["date"])
    return conference


def _registered(conference, *, dietary="vegetar"):
    invitation, token = make_invitation(conference, name="Amina Hassan")
    sessions = block_sessions(conference)
    registration, _created = registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Amina Hassan",
            organisation_name="Foreningen Sammen",
            organisation_type="frivillig_organisasjon",
            region="oslo",
            dietary=dietary,
            wishes={sessions[0].block_id: [sessions[1].pk, sessions[0].pk]},
        ),
    )
    return invitation, token, registration


def test_retention_deletes_needs_then_anonymises_after_the_conference(db, settings):
    settings.INNSPILL = settings.INNSPILL | {
        "PERSONAL_NEEDS_RETENTION_DAYS": 30,
        "PERSONAL_DATA_RETENTION_DAYS": 180,
    }
    conference = _today_conference()
    invitation, _token, registration = _registered(conference)
    DigestSubscription.objects.create(invitation=invitation)
    assert purge_personal_data() == PurgeResult(needs=0, anonymised=0)
    with clock.moved(days=30):
        assert purge_personal_data() == PurgeResult(needs=0, anonymised=0)
    with clock.moved(days=31):
        assert purge_personal_data() == PurgeResult(needs=1, anonymised=0)
    assert PersonalNeeds.objects.count() == 0
    assert Registration.objects.get().name == "Amina Hassan"
    with clock.moved(days=181):
        assert purge_personal_data() == PurgeResult(needs=0, anonymised=1)
        assert purge_personal_data() == PurgeResult(needs=0, anonymised=0)
    invitation.refresh_from_db()
    registration.refresh_from_db()
    assert (invitation.name, invitation.email, invitation.organisation_name) == (
        "",
        f"slettet-{invitation.pk}@anonymisert.invalid",
        "",
    )
    assert invitation.anonymised_at is not None
    # what the report counts stays, without a name
    assert (
        registration.name,
        registration.organisation_name,
        registration.organisation_type,
        registration.region,
        registration.status,
    ) == ("", "", "frivillig_organisasjon", "oslo", "confirmed")
    assert Wish.objects.filter(registration=registration).count() == 2
    assert DigestSubscription.objects.count() == 0
    assert list(
        AuditEvent.objects.filter(action="personal_data.retention")
        .order_by("id")
        .values_list("details", flat=True)
    ) == [{"needs_deleted": 1, "anonymised": 0}, {"needs_deleted": 0, "anonymised": 1}]


def test_purge_command_reports_what_it_did(db, settings, tmp_path):
    # badge files of its own only: other tests (in parallel) write theirs under the shared VAR_DIR
    settings.VAR_DIR = tmp_path
    conference = _today_conference()
    _registered(conference)
    out = io.StringIO()
    with clock.moved(days=settings.INNSPILL["PERSONAL_DATA_RETENTION_DAYS"] + 1):
        call_command("purge_personal_data", stdout=out)
    assert out.getvalue() == (
        "Slettet 1 opplysninger om behov, anonymiserte 1 deltakere og slettet 0 filer med "
        "navneskilt.\n"
    )


def test_registration_form_states_the_retention_times(client, db, settings):
    settings.INNSPILL = settings.INNSPILL | {
        "PERSONAL_NEEDS_RETENTION_DAYS": 14,
        "PERSONAL_DATA_RETENTION_DAYS": 90,
    }
    _invitation, token = make_invitation(_today_conference())
    page = client.get(reverse("registrations:participant", args=[token])).content.decode()
    assert "brukes bare til planlegging og slettes 14 dager etter konferansen." in page
    assert "90 dager etter konferansen sletter vi navn, e-postadresse og organisasjon" in page
    assert reverse("registrations:personal-data-erase", args=[token]) in page


def test_participant_downloads_their_data_as_json(client, db):
    conference = _today_conference()
    invitation, token, _registration = _registered(conference)
    response = client.get(reverse("registrations:personal-data-download", args=[token]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mine-opplysninger.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["invitation"]["email"] == invitation.email
    assert data["registration"]["name"] == "Amina Hassan"
    assert data["registration"]["dietary"] == "vegetar"
    assert [w["session"] for w in data["registration"]["wishes"]] == ["Tema 1.2", "Tema 1.1"]
    assert AuditEvent.objects.get(action="personal_data.export").details == {
        "on_request_of": "participant"
    }


def test_participant_erases_after_confirming_and_the_waiting_list_moves_up(client, db):
    conference = _today_conference(capacity=1)
    invitation, token, registration = _registered(conference)
    waiting = register(conference)
    assert waiting.status == Registration.Status.WAITING
    url = reverse("registrations:personal-data-erase", args=[token])
    assert "Slett opplysningene mine" in client.get(url).content.decode()
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200
    assert "Kryss av for å bekrefte slettingen." in unconfirmed.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).anonymised_at is None

    done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 200
    assert "Opplysningene er slettet" in done.content.decode()
    registration.refresh_from_db()
    assert (registration.name, registration.status) == ("", Registration.Status.CANCELLED)
    assert PersonalNeeds.objects.filter(registration=registration).count() == 0
    assert Wish.objects.filter(registration=registration).count() == 0
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    assert AuditEvent.objects.get(action="personal_data.erase").details == {
        "on_request_of": "participant"
    }
    # the link now says the data is gone, for every page behind it
    assert client.get(reverse("registrations:participant", args=[token])).status_code == 410
    assert (
        client.get(reverse("registrations:personal-data-download", args=[token])).status_code == 410
    )


def test_staff_find_download_and_erase_on_request(client, db):
    conference = _today_conference()
    invitation, _token, _registration = _registered(conference)
    staff = staff_user()
    client.force_login(staff)
    page = client.post(reverse("registrations:personal-data"), {"email": invitation.email.upper()})
    assert page.status_code == 200
    download = reverse("registrations:personal-data-staff-download", args=[invitation.pk])
    assert download in page.content.decode()
    data = json.loads(client.get(download).content)
    assert data["invitation"]["name"] == "Amina Hassan"
    erase = reverse("registrations:personal-data-staff-erase", args=[invitation.pk])
    client.post(erase, {})
    assert Invitation.objects.get(pk=invitation.pk).anonymised_at is None
    client.post(erase, {"confirm": "yes"})
    assert Invitation.objects.get(pk=invitation.pk).anonymised_at is not None
    events = AuditEvent.objects.filter(action__startswith="personal_data.").order_by("id")
    assert [(e.action, e.user_id, e.target) for e in events] == [
        ("personal_data.export", staff.pk, str(invitation.pk)),
        ("personal_data.erase", staff.pk, str(invitation.pk)),
    ]
    assert client.get(download).status_code == 404


@pytest.mark.parametrize("role", ["rapporteur", "researcher"])
def test_other_roles_cannot_reach_personal_data(client, db, role):
    conference = _today_conference()
    invitation, _token, _registration = _registered(conference)
    client.force_login(staff_user(role))
    download = reverse("registrations:personal-data-staff-download", args=[invitation.pk])
    assert client.get(download).status_code == 403
    erase = reverse("registrations:personal-data-staff-erase", args=[invitation.pk])
    assert client.post(erase, {"confirm": "yes"}).status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).anonymised_at is None
