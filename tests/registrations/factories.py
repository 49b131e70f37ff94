"""Factory functions for the conference day (plain functions, real services, no mocks)."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User

from innspill.conferences.models import Block, Conference, Session, SessionKind
from innspill.cycles.models import Cycle
from innspill.registrations.models import Invitation, Registration
from innspill.registrations.services import RegistrationData, new_link_secret, registration_submit

OSLO = ZoneInfo("Europe/Oslo")
_seq = itertools.count(1)


def staff_user(role: str = "secretariat") -> User:
    user = User.objects.create_user(f"{role}{next(_seq)}", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=role))
    return user


def make_conference(
    *,
    capacity: int | None = None,
    blocks: int = 1,
    sessions: int = 3,
    seats: int = 30,
    year: int = 2018,
    **extra,
) -> Conference:
    cycle, _ = Cycle.objects.get_or_create(year=year, defaults={"title": f"Syklus {year}"})
    conference = Conference.objects.create(
        cycle=cycle,
        title=f"Integreringskonferansen {year} ({next(_seq)})",
        date=date(year, 11, 20),
        venue="Oslo kongressenter",
        capacity=capacity,
        **extra,
    )
    number = itertools.count(1)
    for b in range(1, blocks + 1):
        block = Block.objects.create(conference=conference, title=f"Parallellblokk {b}", position=b)
        start = datetime(year, 11, 20, 10 + 2 * b, 0, tzinfo=OSLO)
        for i in range(1, sessions + 1):
            Session.objects.create(
                conference=conference,
                block=block,
                kind=SessionKind.PARALLEL,
                number=next(number),
                title=f"Tema {b}.{i}",
                room=f"Rom {i}",
                capacity=seats,
                starts_at=start,
                ends_at=start.replace(hour=start.hour + 1),
                leader_name="Kari Nordmann",
                leader_role="statssekretær",
            )
    return conference


def block_sessions(conference: Conference, block_position: int = 1) -> list[Session]:
    return list(
        Session.objects.filter(conference=conference, block__position=block_position).order_by(
            "number"
        )
    )


def make_invitation(
    conference: Conference, *, name: str | None = None, language: str = "nb"
) -> tuple[Invitation, str]:
    n = next(_seq)
    invitation = Invitation(
        conference=conference,
        email=f"person{n}@example.org",
        name=name or f"Person {n}",
        organisation_name=f"Organisasjon {n}",
        language=language,
    )
    token = new_link_secret(invitation)
    invitation.save()
    return invitation, token


def register(
    conference: Conference,
    *,
    wishes: dict[int, list[int]] | None = None,
    name: str | None = None,
    **data,
) -> Registration:
    invitation, _token = make_invitation(conference, name=name)
    registration, _created = registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name=invitation.name,
            organisation_name=invitation.organisation_name,
            wishes=wishes or {},
            **data,
        ),
    )
    return registration
