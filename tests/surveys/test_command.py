import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from innspill.surveys.models import Survey
from tests.surveys.factories import make_conference, register, staff_user

pytestmark = pytest.mark.django_db


def test_command_creates_sends_reminds_and_prints_figures(capsys):
    conference = make_conference(year=2023)
    register(conference, "a@example.org")
    user = staff_user()
    call_command("survey", "create", "--year", "2023", "--user", user.username)
    call_command(
        "survey", "send", "--year", "2023", "--user", user.username, "--base-url", "https://x.no"
    )
    call_command(
        "survey", "remind", "--year", "2023", "--user", user.username, "--base-url", "https://x.no"
    )
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Evaluering", "Påminnelse"]
    assert "https://x.no/evaluering/svar/" in mail.outbox[1].body
    capsys.readouterr()
    call_command("survey", "stats", "--year", "2023")
    figures = json.loads(capsys.readouterr().out)
    assert (figures["invited"], figures["respondents"], figures["response_rate"]) == (1, 0, 0.0)


def test_command_refuses_users_without_the_role():
    conference = make_conference(year=2023)
    user = staff_user("researcher")
    with pytest.raises(CommandError, match="ikke lov"):
        call_command("survey", "create", "--year", "2023", "--user", user.username)
    assert Survey.objects.filter(cycle=conference.cycle).count() == 0
