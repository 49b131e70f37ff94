import datetime as dt

from django.urls import reverse

from innspill.common import clock
from innspill.followups.models import DigestSubscription, FollowUp
from innspill.followups.services import digests_send, followup_answer
from innspill.inputs.models import Origin
from innspill.inputs.services import input_create
from innspill.registrations.placement import placement_compute, placement_publish
from innspill.registrations.services import RegistrationData, registration_submit
from tests.registrations.factories import (
    block_sessions,
    make_conference,
    make_invitation,
    staff_user,
)


def test_participant_sees_what_became_of_inputs_from_their_session(client, vocabulary, kd):
    conference = make_conference(sessions=2)
    mine, other = block_sessions(conference)
    invitation, token = make_invitation(conference)
    registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Åse", organisation_name="Org", wishes={mine.block_id: [mine.pk]}
        ),
    )
    staff = staff_user()
    placement_publish(run=placement_compute(conference=conference, by=staff), by=staff)

    def given(text, session):
        item, _ = input_create(
            text=text, cycle=conference.cycle, origin=Origin.SESSION, session=session
        )
        return item

    answered = given("Raskere godkjenning av utdanning.", mine)
    FollowUp.objects.create(
        input=answered,
        owner=kd,
        status="fulgt_opp",
        answer="Ny ordning fra 2019.",
        answered_on=dt.date(2019, 3, 1),
    )
    FollowUp.objects.create(input=given("Et innspill fra en annen sesjon.", other), owner=kd)
    body = client.get(reverse("registrations:participant", args=[token])).content.decode()
    assert "Hva skjedde med innspillene fra sesjonen din?" in body
    assert "KD: <strong>fulgt opp</strong> — Ny ordning fra 2019." in body
    assert "en annen sesjon" not in body


def test_digest_opt_in_sends_at_most_one_mail_a_day_after_commit(
    client, vocabulary, kd, mailoutbox
):
    conference = make_conference(sessions=1)
    (mine,) = block_sessions(conference)
    invitation, token = make_invitation(conference)
    registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Åse", organisation_name="Org", wishes={mine.block_id: [mine.pk]}
        ),
    )
    staff = staff_user()
    placement_publish(run=placement_compute(conference=conference, by=staff), by=staff)
    item, _ = input_create(
        text="Raskere godkjenning.", cycle=conference.cycle, origin=Origin.SESSION, session=mine
    )
    followup = FollowUp.objects.create(input=item, owner=kd)
    page = client.get(reverse("registrations:participant", args=[token])).content.decode()
    assert "Send meg e-post når status endres" in page
    client.post(reverse("followups:digest-toggle", args=[token]), {"on": "1"})
    assert DigestSubscription.objects.filter(invitation=invitation).exists()
    mailoutbox.clear()
    assert digests_send() == 0  # nothing changed since subscribing
    with clock.moved(hours=1):
        followup_answer(followup=followup, status="fulgt_opp", answer="Gjort i år.", by=staff)
    with clock.moved(hours=2):
        assert digests_send() == 1
        assert mailoutbox[-1].subject == "Nytt om oppfølgingen av innspillene fra sesjonen din"
        assert "KD: fulgt opp – Gjort i år." in mailoutbox[-1].body
        assert mailoutbox[-1].to == [invitation.email]
    with clock.moved(hours=3):
        followup_answer(followup=followup, status="delvis_fulgt_opp", answer="Delvis.", by=staff)
        assert digests_send() == 0  # one a day at most
    with clock.moved(hours=27):
        assert digests_send() == 1
        assert "KD: delvis fulgt opp – Delvis." in mailoutbox[-1].body
    client.post(reverse("followups:digest-toggle", args=[token]), {"on": "0"})
    assert not DigestSubscription.objects.exists()
