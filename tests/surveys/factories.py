"""Small fixtures for the survey tests: real models and services, no mocks."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.core import mail
from django.utils import timezone

from innspill.common import clock
from innspill.conferences.models import Conference, Session, SessionKind
from innspill.cycles.models import Cycle
from innspill.registrations.models import Invitation, Registration
from innspill.surveys import services
from innspill.surveys.models import Survey

OSLO = ZoneInfo("Europe/Oslo")
BASE_URL = "http://testserver/"
_seq = itertools.count(1)


def staff_user(role: str = "secretariat") -> User:
    # no password: hashing one costs seconds on a busy machine; tests log in with force_login
    user = User.objects.create_user(f"{role}{next(_seq)}")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def make_conference(*, year: int = 2024, plenary: int = 2, parallel: int = 2) -> Conference:
    cycle, _ = Cycle.objects.get_or_create(year=year, defaults={"title": f"Syklus {year}"})
    conference = Conference.objects.create(
        cycle=cycle, title=f"Integreringskonferansen {year}", date=date(year, 11, 20)
    )
    for i in range(1, plenary + 1):
        Session.objects.create(
            conference=conference, kind=SessionKind.PLENARY, number=i, title=f"Innlegg {i}"
        )
    for i in range(1, parallel + 1):
        Session.objects.create(
            conference=conference, kind=SessionKind.PARALLEL, number=i, title=f"Sesjon {i}"
        )
    Session.objects.create(conference=conference, kind=SessionKind.BREAK, title="Lunsj")
    return conference


def register(
    conference: Conference,
    email: str,
    *,
    language: str = "nb",
    status: str = "confirmed",
    checked_in: bool = True,
):
    n = next(_seq)
    invitation = Invitation.objects.create(
        conference=conference,
        email=email,
        name=f"Person {n}",
        language=language,
        token_hash=f"reg-{n}",
        status="registered",
    )
    return Registration.objects.create(
        conference=conference,
        invitation=invitation,
        name=invitation.name,
        organisation_name="Forening",
        consent_at=timezone.now(),
        status=status,
        badge_code=f"badge-{n}",
        checked_in_at=clock.now() if checked_in else None,
    )


def make_survey(*, year: int = 2024, by=None, closes_at: datetime | None = None) -> Survey:
    conference = make_conference(year=year)
    survey = services.survey_create_default(cycle=conference.cycle, by=by or staff_user())
    if closes_at is not None:
        Survey.objects.filter(pk=survey.pk).update(closes_at=closes_at)
        survey.refresh_from_db()
    return survey


def send_to(survey: Survey, emails: list[str], *, by=None) -> dict[str, str]:
    """Send the survey to `emails`; returns e-mail -> token read back from the sent mail."""
    start = len(mail.outbox)
    services.survey_send(
        survey=survey,
        recipients=[(e, "nb") for e in emails],
        base_url=BASE_URL,
        by=by or staff_user(),
    )
    return {m.to[0]: token_in(m.body) for m in mail.outbox[start:]}


def token_in(body: str) -> str:
    match = re.search(r"/evaluering/svar/([^/\s]+)/", body)
    assert match is not None, body
    return match.group(1)


def close(survey: Survey) -> None:
    """Move the deadline to just passed, as when the survey has closed."""
    Survey.objects.filter(pk=survey.pk).update(closes_at=clock.now() - timedelta(minutes=1))
    survey.refresh_from_db()


def reopen(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(closes_at=None)
    survey.refresh_from_db()
