from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from innspill.registrations.lifecycle import registration_cancel
from innspill.registrations.models import Invitation, PersonalNeeds, Registration, Wish
from innspill.registrations.services import (
    RegistrationClosed,
    RegistrationData,
    invitation_create,
    invitation_for_token,
    invitation_revoke,
    registration_submit,
)
from tests.registrations.factories import (
    block_sessions,
    make_conference,
    make_invitation,
    register,
    staff_user,
)


def form_data(conference, sessions, **extra):
    data = {
        "name": "Amina Hassan",
        "organisation_name": "Foreningen",
        "consent": "on",
        "dietary": "vegetar",
        "accessibility": "",
    }
    block = sessions[0].block_id
    for rank, s in enumerate(sessions[:3], start=1):
        data[f"wish_{block}_{rank}"] = str(s.pk)
    data.update(extra)
    return data


def test_invitation_token_is_stored_only_as_a_hash(db):
    conference = make_conference()
    invitation, token = invitation_create(
        conference=conference,
        email="Kari@Example.org",
        name="Kari",
        language="en",
        by=staff_user(),
    )
    assert len(token) >= 43
    assert token not in invitation.token_hash
    assert invitation_for_token(token) == invitation
    assert invitation_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert invitation.email == "kari@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Invitation: {conference.title}"
    assert f"http://testserver/deltaker/i/{token}/" in mail.outbox[0].body


def test_invitation_mail_in_bokmal(db):
    conference = make_conference()
    invitation_create(
        conference=conference,
        email="a@example.org",
        name="Ola",
        language="nb",
        by=staff_user(),
    )
    assert mail.outbox[0].subject == f"Invitasjon: {conference.title}"
    assert mail.outbox[0].body.startswith("Hei Ola,")


def test_register_through_the_link_and_double_submit_gives_one_registration(client, db):
    conference = make_conference(capacity=10)
    sessions = block_sessions(conference)
    invitation, token = make_invitation(conference)
    url = reverse("registrations:participant", args=[token])
    assert client.get(url).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPENED
    data = form_data(conference, sessions)
    first = client.post(url, data)
    second = client.post(url, data)  # the double click / second tab
    assert (first.status_code, second.status_code) == (302, 302)
    assert Registration.objects.filter(invitation=invitation).count() == 1
    registration = Registration.objects.get(invitation=invitation)
    assert registration.status == Registration.Status.CONFIRMED
    assert list(registration.wishes.values_list("rank", "session_id")) == [
        (1, sessions[0].pk),
        (2, sessions[1].pk),
        (3, sessions[2].pk),
    ]
    assert PersonalNeeds.objects.get(registration=registration).dietary == "vegetar"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REGISTERED
    page = client.get(url).content.decode()
    assert "Amina Hassan, du er påmeldt." in page


def test_database_refuses_a_second_registration_for_one_invitation(db):
    conference = make_conference()
    registration = register(conference)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            conference=conference,
            invitation=registration.invitation,
            name="X",
            organisation_name="Y",
            consent_at=timezone.now(),
            status="confirmed",
            badge_code="zz",
        )


def test_service_is_idempotent_and_updates_wishes(db):
    conference = make_conference()
    sessions = block_sessions(conference)
    invitation, _token = make_invitation(conference)
    block = sessions[0].block_id
    data = RegistrationData(name="A", organisation_name="B", wishes={block: [sessions[0].pk]})
    first, created_first = registration_submit(invitation=invitation, data=data)
    data.wishes = {block: [sessions[2].pk, sessions[1].pk]}
    second, created_second = registration_submit(invitation=invitation, data=data)
    assert (first.pk, created_first, created_second) == (second.pk, True, False)
    assert list(Wish.objects.filter(registration=first).values_list("session_id", flat=True)) == [
        sessions[2].pk,
        sessions[1].pk,
    ]


def test_duplicate_wishes_are_refused_with_an_error_summary(client, db):
    conference = make_conference()
    sessions = block_sessions(conference)
    _invitation, token = make_invitation(conference)
    block = sessions[0].block_id
    data = form_data(conference, sessions, **{f"wish_{block}_2": str(sessions[0].pk)})
    response = client.post(reverse("registrations:participant", args=[token]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Du har allerede valgt denne sesjonen." in html
    assert Registration.objects.count() == 0


def test_waiting_list_and_promotion_on_cancellation(db, django_capture_on_commit_callbacks):
    conference = make_conference(capacity=2)
    a, b, c, d = (register(conference) for _ in range(4))
    assert [r.status for r in (a, b, c, d)] == ["confirmed", "confirmed", "waiting", "waiting"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=a)
    assert promoted == c
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {a.pk: "cancelled", b.pk: "confirmed", c.pk: "confirmed", d.pk: "waiting"}
    assert [m.to for m in mail.outbox] == [[c.invitation.email]]
    assert mail.outbox[0].subject == f"Du har fått plass: {conference.title}"
    # Cancelling someone on the waiting list frees no seat.
    assert registration_cancel(registration=d) is None
    assert len(mail.outbox) == 1
    # Someone who cancelled and registers again queues behind those already waiting.
    e = register(conference)
    again, created = registration_submit(
        invitation=a.invitation, data=RegistrationData(name="A", organisation_name="B")
    )
    assert (again.pk, created, again.status, e.status) == (a.pk, False, "waiting", "waiting")
    with django_capture_on_commit_callbacks(execute=True):
        assert registration_cancel(registration=b) == e


def test_cancel_through_the_page(client, db, django_capture_on_commit_callbacks):
    conference = make_conference(capacity=1)
    first = register(conference)
    waiting = register(conference)
    invitation, token = make_invitation(conference)
    # The participant page of a fresh invitee knows nothing of the others.
    token_first = _token_for(first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registrations:cancel", args=[token_first]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert mail.outbox[0].to == [waiting.invitation.email]
    first.refresh_from_db()
    assert first.status == "cancelled"
    # The cancelled participant sees the form again and may register anew.
    assert client.get(reverse("registrations:participant", args=[token_first])).status_code == 200
    assert invitation.status == "invited"
    assert token


def _token_for(registration):
    """Give an existing invitation a fresh known token (as a resend would)."""
    import secrets

    from innspill.registrations.services import token_hash

    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=registration.invitation_id).update(token_hash=token_hash(token))
    return token


def test_deadline_closes_registration(client, db):
    conference = make_conference(registration_deadline=timezone.now() - timedelta(minutes=1))
    invitation, token = make_invitation(conference)
    url = reverse("registrations:participant", args=[token])
    response = client.get(url)
    assert "Påmeldingen er stengt" in response.content.decode()
    response = client.post(url, form_data(conference, block_sessions(conference)))
    assert "Påmeldingen er stengt" in response.content.decode()
    assert Registration.objects.count() == 0
    with pytest.raises(RegistrationClosed):
        registration_submit(
            invitation=invitation, data=RegistrationData(name="A", organisation_name="B")
        )


def test_unknown_and_revoked_links(client, db):
    conference = make_conference()
    response = client.get(reverse("registrations:participant", args=["nope" * 10]))
    assert response.status_code == 404
    assert "Vi fant ingen invitasjon for denne lenken" in response.content.decode()
    invitation, token = make_invitation(conference)
    invitation_revoke(invitation=invitation, by=staff_user())
    response = client.get(reverse("registrations:participant", args=[token]))
    assert response.status_code == 410
    assert "trukket tilbake" in response.content.decode()
    assert client.post(reverse("registrations:cancel", args=[token])).status_code == 410


def test_decline(client, db):
    conference = make_conference()
    invitation, token = make_invitation(conference)
    response = client.post(reverse("registrations:decline", args=[token]))
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
