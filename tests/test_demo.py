from collections import Counter
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from innspill.common import clock
from innspill.conferences.models import Conference
from innspill.cycles.models import Cycle, Meeting
from innspill.demo import data as demo_data
from innspill.inputs.models import Input
from innspill.practices.models import Practice
from innspill.registrations.models import Registration
from innspill.registrations.services import RegistrationClosed


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_seed_demo_loads_a_cycle_logins_and_a_coming_conference_once(vocabulary):
    call_command("seed_demo", "--quiet-logins")
    inputs, registrations = Input.objects.count(), Registration.objects.count()
    assert inputs >= 200 and registrations == 40
    assert Input.objects.filter(classified_by="").count() == 0
    # web inputs wait in the moderation queue
    assert Input.objects.filter(status="pending", origin="web").count() == 4
    call_command("seed_demo", "--quiet-logins")
    assert (Input.objects.count(), Registration.objects.count(), Conference.objects.count()) == (
        inputs,
        40,
        3,
    )
    # the demo's good practices and regional meeting, created once
    assert list(
        Practice.objects.order_by("title").values_list("municipality_number", flat=True)
    ) == [
        "4621",
        "1580",
        "5014",
    ]
    meeting = Meeting.objects.get()
    assert (meeting.attendance, meeting.inputs.count()) == (20, 3)
    assert meeting.date == clock.today() - timedelta(days=30)


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("days", [730, -365])
def test_seed_demo_works_with_the_clock_moved(vocabulary, days):
    with clock.moved(days=days):
        today = clock.today()
        call_command("seed_demo", "--quiet-logins")
        coming = Conference.objects.get(cycle__year=demo_data.upcoming(today)[0])
        assert coming.date > today
        assert coming.registration_deadline > clock.now()
        assert Registration.objects.filter(invitation__conference=coming).count() == 40
    years = sorted(Cycle.objects.values_list("year", flat=True))
    assert years == [coming.date.year - 2, coming.date.year - 1, coming.date.year]
    # invitations, the registration confirmations, the question round's links and its reminders
    # to the 5 that have not submitted, sent once the seed committed
    subjects = Counter(m.subject.split(":")[0] for m in mail.outbox)
    round_subjects = {k: v for k, v in subjects.items() if k not in ("Invitasjon", "Du er påmeldt")}
    assert (subjects["Invitasjon"], subjects["Du er påmeldt"]) == (
        demo_data.DEMO_INVITED,
        demo_data.DEMO_REGISTERED,
    )
    assert sum(round_subjects.values()) == len(demo_data.ORGANISATIONS) + 5


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_seed_demo_that_fails_leaves_no_rows_and_no_mail(vocabulary, monkeypatch):
    # The bug of 26 November 2026: demo data whose registration deadline has already passed.
    monkeypatch.setattr(
        demo_data, "REGISTRATION_CLOSES_DAYS_BEFORE", demo_data.UPCOMING_IN_DAYS + 60
    )
    with pytest.raises(RegistrationClosed):
        call_command("seed_demo", "--quiet-logins")
    assert (Input.objects.count(), Conference.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_the_coming_conference_is_a_thursday_three_weeks_ahead_outside_christmas():
    start = date(2026, 1, 1)
    for offset in range(0, 800, 3):
        today = start + timedelta(days=offset)
        year, title, _theme, day = demo_data.upcoming(today)
        assert day.weekday() == 3 and (day - today).days >= demo_data.UPCOMING_IN_DAYS
        assert not ((day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 6))
        assert title.endswith(str(year))
        skipped = [
            today + timedelta(days=d)
            for d in range(demo_data.UPCOMING_IN_DAYS, (day - today).days)
            if (today + timedelta(days=d)).weekday() == 3
        ]
        assert all((d.month, d.day) >= (12, 20) or (d.month, d.day) <= (1, 6) for d in skipped)
