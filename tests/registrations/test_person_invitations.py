"""Inviting a contact person from the registry to a conference, and sending them a new link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from innspill.common.models import AuditEvent
from innspill.organisations.models import Organisation, Person
from innspill.registrations.models import Invitation
from innspill.registrations.services import token_hash
from tests.registrations.factories import make_conference, staff_user


@pytest.fixture
def person(db):
    org = Organisation.objects.create(name="Norsk Folkehjelp", type="frivillig_organisasjon")
    return Person.objects.create(name="Kari Nordmann", email="kari@example.org", organisation=org)


def test_invite_a_person_then_send_a_new_link(client, person):
    conference = make_conference()
    client.force_login(staff_user("secretariat"))
    url = reverse("registrations:person-invitations", args=[person.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["form"].fields["conference"].queryset) == [conference]

    response = client.post(url, {"conference": conference.pk, "language": "nb"})
    assert response["Location"] == url
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.name, invitation.organisation_name) == (
        "kari@example.org",
        "Kari Nordmann",
        "Norsk Folkehjelp",
    )
    assert [m.subject for m in mail.outbox] == [f"Invitasjon: {conference.title}"]
    first_token = re.search(r"/deltaker/i/([^/]+)/", mail.outbox[0].body).group(1)
    assert invitation.token_hash == token_hash(first_token)

    response = client.get(url)
    assert list(response.context["form"].fields["conference"].queryset) == []
    response = client.post(url, {"resend": invitation.pk})
    assert response["Location"] == url
    invitation.refresh_from_db()
    second_token = re.search(r"/deltaker/i/([^/]+)/", mail.outbox[1].body).group(1)
    assert second_token != first_token
    assert invitation.token_hash == token_hash(second_token)
    assert AuditEvent.objects.get(action="invitation.resend").target == str(invitation.pk)


def test_resend_only_for_this_persons_invitations(client, person):
    conference = make_conference()
    other = Invitation.objects.create(
        conference=conference, email="ola@example.org", name="Ola", token_hash="x" * 64
    )
    client.force_login(staff_user("secretariat"))
    response = client.post(
        reverse("registrations:person-invitations", args=[person.pk]), {"resend": other.pk}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.token_hash == "x" * 64
    assert mail.outbox == []


def test_a_person_without_email_cannot_be_invited(client, db):
    person = Person.objects.create(name="Uten e-post")
    client.force_login(staff_user("secretariat"))
    response = client.get(reverse("registrations:person-invitations", args=[person.pk]))
    assert response["Location"] == reverse("organisations:person-edit", args=[person.pk])


@pytest.mark.parametrize("role", ["rapporteur", "ministry", "researcher"])
def test_other_roles_get_403(client, person, role):
    conference = make_conference()
    client.force_login(staff_user(role))
    url = reverse("registrations:person-invitations", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"conference": conference.pk, "language": "nb"}).status_code == 403
    assert Invitation.objects.count() == 0
