import pytest
from django.core.management import call_command

from innspill.conferences.models import Conference
from innspill.inputs.models import Input
from innspill.registrations.models import Registration


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
