"""Demo follow-up: earlier years' inputs sent to their default owners, some of them answered."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from innspill.followups.models import FollowUp, Owner, OwnerMember
from innspill.followups.services import followup_answer, followups_assign
from innspill.inputs.models import Input, Status

DEMO_MINISTRY_USER = "departement"
DEMO_MINISTRY = "AID"
# (status, answer) given in turn to the first follow-ups, so every status shows on the pages
DEMO_ANSWERS = [
    ("fulgt_opp", "Ordningen er innført i alle fylker, se tildelingsbrevet til IMDi."),
    ("delvis_fulgt_opp", "Forsøk i fem kommuner; resultatene evalueres før ordningen utvides."),
    ("ikke_fulgt_opp", "Ikke prioritert i budsjettet; tas opp igjen ved neste revisjon."),
    ("under_vurdering", ""),
]


def demo_followups(*, today: dt.date) -> int:
    """Assign and answer once; a second run adds nothing. Returns the follow-ups created."""
    user = get_user_model().objects.filter(username=DEMO_MINISTRY_USER).first()
    if user is not None:
        OwnerMember.objects.get_or_create(
            user=user, defaults={"owner": Owner.objects.get(short_name=DEMO_MINISTRY)}
        )
    first_run = not FollowUp.objects.exists()
    earlier = Input.objects.filter(status=Status.PUBLISHED, year__lt=today.year)
    result = followups_assign(
        input_ids=earlier.values_list("pk", flat=True),
        owner=None,
        due_date=today + dt.timedelta(days=90),
        by=None,
    )
    if first_run:
        followups = FollowUp.objects.select_related("owner").order_by("input__year", "input_id")
        for followup, (status, answer) in zip(followups, DEMO_ANSWERS * 2, strict=False):
            followup_answer(followup=followup, status=status, answer=answer, by=None)
    return result.created
