import datetime as dt

from django.urls import reverse

from innspill.followups.models import FollowUp
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
