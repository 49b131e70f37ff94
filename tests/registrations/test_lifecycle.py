"""A registration's life after it is made: the waiting list, cancelling, substitutes, e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from innspill.common import clock
from innspill.common.checks import site_url_is_set
from innspill.common.models import AuditEvent
from innspill.conferences.services import conference_update, session_update
from innspill.registrations.lifecycle import (
    SubstituteError,
    registration_cancel,
    registration_substitute,
    waiting_list_promote,
)
from innspill.registrations.models import (
    Assignment,
    Invitation,
    PlacementChange,
    Registration,
    Wish,
)
from innspill.registrations.placement import (
    placement_compute,
    placement_publish,
    published_assignments,
)
from innspill.registrations.services import (
    RegistrationData,
    invitation_token,
    invitations_import,
    registration_submit,
)
from tests.registrations.factories import (
    block_sessions,
    make_conference,
    make_invitation,
    register,
    staff_user,
)


def link(registration: Registration) -> str:
    return "http://testserver" + reverse(
        "registrations:participant", args=[invitation_token(registration.invitation)]
    )


def statuses(*registrations: Registration) -> list[str]:
    for r in registrations:
        r.refresh_from_db()
    return [r.status for r in registrations]


def publish(conference) -> None:
    staff = staff_user()
    placement_publish(run=placement_compute(conference=conference, by=staff), by=staff)


# --- issue 19 item 6: capacity changes --------------------------------------------------------


def test_raising_the_conference_capacity_promotes_the_waiting_list_in_order(db):
    conference = make_conference(capacity=1)
    a, b, c, d = (register(conference, name=n) for n in ("A", "B", "C", "D"))
    assert statuses(a, b, c, d) == ["confirmed", "waiting", "waiting", "waiting"]
    staff = staff_user()
    mail.outbox.clear()
    conference_update(conference=conference, by=staff, capacity=3)
    assert statuses(a, b, c, d) == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert [m.to for m in mail.outbox] == [[b.invitation.email], [c.invitation.email]]
    assert mail.outbox[0].subject == f"Du har fått plass: {conference.title}"
    assert link(b) + "\n" in mail.outbox[0].body
    events = AuditEvent.objects.filter(action="registration.promote").order_by("pk")
    assert [(e.target, e.user_id, e.details["queue_position"]) for e in events] == [
        (str(b.pk), staff.pk, 1),
        (str(c.pk), staff.pk, 1),
    ]
    # The next newcomer queues behind D instead of taking a seat.
    e = register(conference, name="E")
    assert statuses(d, e) == ["waiting", "waiting"]


def test_a_newcomer_never_overtakes_the_waiting_list(db):
    conference = make_conference(capacity=1)
    a, b = register(conference), register(conference)
    # A seat added behind the services' back (the Django admin): still B's, not a newcomer's.
    type(conference).objects.filter(pk=conference.pk).update(capacity=2)
    c = register(conference)
    assert statuses(a, b, c) == ["confirmed", "waiting", "waiting"]
    assert waiting_list_promote(conference=conference, by=staff_user()) == [b]
    assert statuses(b, c) == ["confirmed", "waiting"]


def test_after_placement_a_new_seat_needs_a_session_seat_too(db):
    conference = make_conference(capacity=2, sessions=2, seats=1)
    s1, s2 = block_sessions(conference)
    a = register(conference, wishes={s1.block_id: [s1.pk]})
    b = register(conference, wishes={s1.block_id: [s2.pk]})
    c = register(conference, wishes={s1.block_id: [s2.pk, s1.pk]})
    publish(conference)
    staff = staff_user()
    conference_update(conference=conference, by=staff, capacity=3)
    # Both sessions are full: a conference seat alone is no place in the program.
    assert statuses(a, b, c) == ["confirmed", "confirmed", "waiting"]
    mail.outbox.clear()
    session_update(session=s2, by=staff, capacity=2)
    assert statuses(c) == ["confirmed"]
    assert [(x.session_id, x.rank) for x in published_assignments(c)] == [(s2.pk, 1)]
    assert list(
        PlacementChange.objects.filter(registration=c).values_list(
            "session_from", "session_to", "reason", "by"
        )
    ) == [(None, s2.pk, "promoted", staff.pk)]
    assert "- Parallellsesjon 2: Tema 1.2, kl. 12:00–13:00, rom Rom 2\n" in mail.outbox[0].body


# --- issue 17 item 2: cancelling after placement -----------------------------------------------


def test_a_freed_seat_goes_to_the_first_in_the_queue_who_wished_for_that_session(db):
    conference = make_conference(capacity=2, sessions=2, seats=1)
    s1, s2 = block_sessions(conference)
    block = s1.block_id
    a = register(conference, name="A", wishes={block: [s1.pk]})
    b = register(conference, name="B", wishes={block: [s2.pk]})
    c = register(conference, name="C", wishes={block: [s2.pk]})
    d = register(conference, name="D", wishes={block: [s2.pk, s1.pk]})
    e = register(conference, name="E", wishes={block: [s1.pk]})
    publish(conference)
    mail.outbox.clear()
    promoted = registration_cancel(registration=a)
    assert promoted == d
    assert statuses(a, b, c, d, e) == ["cancelled", "confirmed", "waiting", "confirmed", "waiting"]
    assert [(x.session_id, x.rank) for x in published_assignments(d)] == [(s1.pk, 2)]
    assert published_assignments(a) == []
    changes = PlacementChange.objects.order_by("pk")
    assert [(x.registration_id, x.session_from_id, x.session_to_id, x.reason) for x in changes] == [
        (a.pk, s1.pk, None, "cancelled"),
        (d.pk, None, s1.pk, "promoted"),
    ]
    assert [m.to for m in mail.outbox] == [[d.invitation.email]]
    body = mail.outbox[0].body
    assert link(d) + "\n" in body
    assert "- Parallellsesjon 1: Tema 1.1, kl. 12:00–13:00, rom Rom 1\n" in body
    assert "Dato: 20. november 2018\nSted: Oslo kongressenter\n" in body


def test_without_a_wish_for_the_freed_session_the_best_fit_by_wish_cost_moves_up(db):
    conference = make_conference(capacity=3, sessions=3, seats=1)
    s1, s2, s3 = block_sessions(conference)
    block = s1.block_id
    a = register(conference, wishes={block: [s1.pk]})
    b = register(conference, wishes={block: [s2.pk]})
    register(conference, wishes={block: [s3.pk]})
    publish(conference)
    # s3's holder leaves before anyone waits: s3 has a free seat that nobody takes.
    third = Registration.objects.get(assignments__session=s3)
    registration_cancel(registration=third)
    type(conference).objects.filter(pk=conference.pk).update(capacity=2)
    c = register_waiting_after_publication(conference, wishes={block: [s2.pk]})
    d = register_waiting_after_publication(conference, wishes={block: [s3.pk]})
    assert registration_cancel(registration=a) == d
    # C (first in line) wished only the full s2; D wished s3, which has a seat: cost 1 against 16.
    assert statuses(b, c, d) == ["confirmed", "waiting", "confirmed"]
    assert [x.session_id for x in published_assignments(d)] == [s3.pk]


def register_waiting_after_publication(conference, *, wishes):
    """A waiting registration made before the deadline, added as the queue would hold it."""
    invitation, _token = make_invitation(conference)
    registration = Registration.objects.create(
        conference=conference,
        invitation=invitation,
        name=invitation.name,
        organisation_name=invitation.organisation_name,
        consent_at=clock.now(),
        status=Registration.Status.WAITING,
        badge_code=f"b{invitation.pk}",
    )
    for block_id, sessions in wishes.items():
        for rank, session_id in enumerate(sessions, start=1):
            Wish.objects.create(
                registration=registration, block_id=block_id, session_id=session_id, rank=rank
            )
    return registration


def test_participant_cancels_after_placement_with_a_confirmation_step(client, db):
    conference = make_conference(capacity=1, sessions=1)
    (s1,) = block_sessions(conference)
    invitation, token = make_invitation(conference)
    mine, _ = registration_submit(
        invitation=invitation,
        data=RegistrationData(name="Åse", organisation_name="Org", wishes={s1.block_id: [s1.pk]}),
    )
    waiting = register(conference, wishes={s1.block_id: [s1.pk]})
    publish(conference)
    url = reverse("registrations:cancel", args=[token])
    page = client.get(reverse("registrations:participant", args=[token])).content.decode()
    assert f'href="{url}"' in page
    confirm = client.get(url).content.decode()
    assert "Vil du melde deg av?" in confirm and "Ja, meld meg av" in confirm
    assert statuses(mine) == ["confirmed"]
    mail.outbox.clear()
    assert client.post(url).status_code == 302
    # A double click: the second POST changes nothing and sends nothing.
    assert client.post(url).status_code == 302
    assert statuses(mine, waiting) == ["cancelled", "confirmed"]
    assert [m.to for m in mail.outbox] == [[waiting.invitation.email]]
    assert AuditEvent.objects.filter(action="registration.cancel").count() == 1
    assert (
        "Du er meldt av."
        in client.get(reverse("registrations:participant", args=[token])).content.decode()
    )


def test_staff_cancel_asks_first_and_works_after_placement(client, db):
    conference = make_conference(sessions=1)
    person = register(conference, name="Per Hansen")
    publish(conference)
    staff = staff_user()
    client.force_login(staff)
    url = reverse("registrations:staff-cancel", args=[person.pk])
    assert "Melde av Per Hansen?" in client.get(url).content.decode()
    assert statuses(person) == ["confirmed"]
    response = client.post(url, follow=True)
    assert "Per Hansen er meldt av." in response.content.decode()
    assert "avmelding må gjøres i admin" not in response.content.decode()
    assert statuses(person) == ["cancelled"]
    assert list(PlacementChange.objects.values_list("registration", "reason", "by")) == [
        (person.pk, "cancelled", staff.pk)
    ]


# --- issue 17 item 2: substitutes ---------------------------------------------------------------


def test_a_substitute_takes_over_seat_wishes_and_placement_from_the_participants_link(client, db):
    conference = make_conference(sessions=2, seats=2)
    s1, s2 = block_sessions(conference)
    invitation, token = make_invitation(conference, language="en")
    original, _ = registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Kari", organisation_name="Foreningen", wishes={s1.block_id: [s2.pk, s1.pk]}
        ),
    )
    publish(conference)
    mail.outbox.clear()
    url = reverse("registrations:substitute", args=[token])
    data = {"name": "Nils Nilsen", "email": "Nils@Example.org"}
    assert client.post(url, data).status_code == 302
    # The same form sent twice (a double click, or from the back button) names no one else.
    assert client.post(url, data).status_code == 302
    sub = Registration.objects.get(substitute_for=original)
    assert statuses(original) == ["cancelled"]
    assert (sub.name, sub.invitation.email, sub.status, sub.created_at, sub.consent_at) == (
        "Nils Nilsen",
        "nils@example.org",
        "confirmed",
        original.created_at,
        None,
    )
    assert (sub.organisation_name, sub.invitation.language) == ("Foreningen", "en")
    assert list(sub.wishes.values_list("session_id", "rank")) == [(s2.pk, 1), (s1.pk, 2)]
    assert [(a.session_id, a.rank) for a in published_assignments(sub)] == [(s2.pk, 1)]
    changes = PlacementChange.objects.order_by("pk")
    assert [(x.registration_id, x.session_from_id, x.session_to_id, x.reason) for x in changes] == [
        (original.pk, s2.pk, None, "substituted"),
        (sub.pk, None, s2.pk, "substituted"),
    ]
    assert Registration.objects.count() == 2
    assert [m.to for m in mail.outbox] == [["nils@example.org"]]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == f"You have been given a seat: {conference.title}"
    assert "Foreningen is sending you to" in body and "in place of Kari." in body
    assert link(sub) + "\n" in body
    assert "- Parallel session 2: Tema 1.2, at noon–1 p.m., room Rom 2\n" in body
    # The substitute's own link works and shows the seat, in the invitation's language.
    page = client.get(link(sub)).content.decode()
    # the session title has no English version: bokmål, marked as such
    assert (
        '<span class="my-session">Parallel session 2: <span lang="nb" dir="ltr">Tema 1.2</span>'
        ' <span class="content-fallback">(in Norwegian Bokmål)</span></span>'
    ) in page
    events = AuditEvent.objects.filter(action="registration.substitute")
    assert [(e.target, e.details["substitute"], e.user_id) for e in events] == [
        (str(original.pk), sub.pk, None)
    ]


def test_staff_name_a_substitute_and_the_rules_hold(client, db):
    conference = make_conference(capacity=1)
    first = register(conference, name="Først")
    waiting = register(conference, name="Venter")
    staff = staff_user()
    with pytest.raises(SubstituteError, match="annen e-postadresse"):
        registration_substitute(
            registration=first, name="X", email=first.invitation.email, by=staff
        )
    with pytest.raises(SubstituteError, match="allerede påmeldt"):
        registration_substitute(
            registration=first, name="X", email=waiting.invitation.email, by=staff
        )
    client.force_login(staff)
    url = reverse("registrations:staff-substitute", args=[first.pk])
    response = client.post(url, {"name": "Ny Person", "email": "ny@example.org"}, follow=True)
    assert "Ny Person har overtatt plassen til Først." in response.content.decode()
    again = client.post(url, {"name": "Ny Person", "email": "ny@example.org"}, follow=True)
    assert "Først er meldt av." in again.content.decode()
    assert Registration.objects.count() == 3
    sub = Registration.objects.get(substitute_for=first)
    # The seat is taken over, not freed: the waiting list does not move.
    assert statuses(first, sub, waiting) == ["cancelled", "confirmed", "waiting"]
    assert AuditEvent.objects.get(action="registration.substitute").user_id == staff.pk
    assert Invitation.objects.get(email="ny@example.org").status == "registered"


# --- issue 17 item 3: e-mails ------------------------------------------------------------------


def test_confirmation_mail_in_nynorsk_carries_link_date_and_venue(db, settings):
    settings.INNSPILL_SITE_URL = "https://innspill.example.no/"
    conference = make_conference(capacity=1)
    (s1, s2, _s3) = block_sessions(conference)
    register(conference)
    invitation, token = make_invitation(conference, language="nn")
    mail.outbox.clear()
    registration, _ = registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Sigrid", organisation_name="Lag", wishes={s1.block_id: [s2.pk, s1.pk]}
        ),
    )
    # A second submit of the same form is an update, not a second confirmation.
    registration_submit(
        invitation=invitation,
        data=RegistrationData(name="Sigrid", organisation_name="Lag"),
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"Du står på ventelista: {conference.title}"
    assert message.body.startswith("Hei Sigrid,\n\nTakk for påmeldinga til ")
    assert f"https://innspill.example.no/deltaker/i/{token}/\n" in message.body
    assert "Dato: 20. november 2018\nStad: Oslo kongressenter\n" in message.body
    assert "- Parallellblokk 1, 1. ønske: Parallellsesjon 2: Tema 1.2\n" in message.body
    assert message.body.endswith("Venleg helsing\nsekretariatet\n")


def test_the_invitation_remembers_its_language_and_is_sent_in_it(db):
    conference = make_conference()
    text = "navn;e-post;språk\nSigrid;sigrid@example.org;nn\nJane;jane@example.org;en\n"
    result = invitations_import(
        conference=conference, filename="liste.csv", data=text.encode(), by=staff_user()
    )
    assert result.errors == []
    languages = dict(conference.invitations.values_list("email", "language"))
    assert languages == {"sigrid@example.org": "nn", "jane@example.org": "en"}
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [f"Invitasjon: {conference.title}", f"Invitation: {conference.title}"]
    nn = next(m for m in mail.outbox if m.to == ["sigrid@example.org"])
    assert "Den personlege lenkja di" in nn.body


def test_production_needs_the_site_address(settings):
    settings.INNSPILL_SITE_URL = ""
    assert [e.id for e in site_url_is_set(None)] == ["innspill.E002"]
    settings.INNSPILL_SITE_URL = "https://innspill.example.no"
    assert site_url_is_set(None) == []


def test_assignments_keep_one_seat_per_person_and_block(db):
    from django.db import IntegrityError, transaction

    conference = make_conference(sessions=2)
    s1, s2 = block_sessions(conference)
    person = register(conference, wishes={s1.block_id: [s1.pk]})
    publish(conference)
    run = conference.placement_runs.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(run=run, registration=person, block_id=s2.block_id, session=s2)


def test_raising_capacity_on_the_staff_conference_page_moves_the_queue(client, db):
    conference = make_conference(capacity=1)
    first, second = register(conference), register(conference)
    client.force_login(staff_user())
    response = client.post(
        reverse("conferences:edit", args=[conference.pk]),
        {
            "conf-cycle": conference.cycle_id,
            "conf-title": conference.title,
            "conf-date": "2018-11-20",
            "conf-venue": conference.venue,
            "conf-capacity": "2",
            "conf-registration_deadline": "",
        },
    )
    assert response.status_code == 302
    assert statuses(first, second) == ["confirmed", "confirmed"]
