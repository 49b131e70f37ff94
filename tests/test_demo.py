import pytest
from django.core import mail
from django.core.management import call_command

from innspill.common import clock
from innspill.conferences.models import Conference
from innspill.cycles.models import Cycle
from innspill.demo import data as demo_data
from innspill.inputs.models import Input
from innspill.registrations.models import Registration
from innspill.registrations.services import RegistrationClosed


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_seed_demo_loads_a_cycle_logins_and_a_coming_conference_once(vocabulary):
    call_command("seed_demo", "--quiet-logins")
    inputs, registrations = Input.objects.count(), Registration.objects.count()
    assert inputs >= 200 and registrations == 40
    assert Input.objects.filter(classified_by="").count() == 0
    call_command("seed_demo", "--quiet-logins")
    assert (Input.objects.count(), Registration.objects.count(), Conference.objects.count()) == (
        inputs,
        40,
        3,
    )


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
    assert len(mail.outbox) == demo_data.DEMO_INVITED  # invitations, sent once the seed committed


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_seed_demo_that_fails_leaves_no_rows_and_no_mail(vocabulary, monkeypatch):
    # The bug of 26 November 2026: demo data whose registration deadline has already passed.
    monkeypatch.setattr(
        demo_data, "REGISTRATION_CLOSES_DAYS_BEFORE", demo_data.UPCOMING_IN_DAYS + 1
    )
    with pytest.raises(RegistrationClosed):
        call_command("seed_demo", "--quiet-logins")
    assert (Input.objects.count(), Conference.objects.count(), len(mail.outbox)) == (0, 0, 0)
