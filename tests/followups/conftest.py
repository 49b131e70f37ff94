import itertools

import pytest
from django.contrib.auth.models import Group, User

from innspill.followups.models import Owner, OwnerMember

_seq = itertools.count(1)


def user_with_role(role: str, *, owner: Owner | None = None) -> User:
    user = User.objects.create_user(f"{role}{next(_seq)}", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name=role))
    if owner is not None:
        OwnerMember.objects.create(user=user, owner=owner)
    return user


@pytest.fixture
def kd(db):
    return Owner.objects.get(short_name="KD")


@pytest.fixture
def aid(db):
    return Owner.objects.get(short_name="AID")


@pytest.fixture
def secretariat(db):
    return user_with_role("secretariat")


@pytest.fixture
def kd_user(kd):
    return user_with_role("ministry", owner=kd)


@pytest.fixture
def aid_user(aid):
    return user_with_role("ministry", owner=aid)


@pytest.fixture
def recurring(make_input):
    """One demand raised in 2015, 2017 and 2019, and two inputs raised once."""
    return [
        make_input(
            "Godkjenning av utenlandsk utdanning må gå raskere.", year=2015, session="Arbeid"
        ),
        make_input(
            "Raskere godkjenning av utdanning fra utlandet.", year=2017, session="Kvalifisering"
        ),
        make_input(
            "NOKUT må godkjenne utenlandsk utdanning raskere.", year=2019, session="Kompetanse"
        ),
        make_input("Flere gratis lokaler til frivillige lag.", year=2017, session="Frivillighet"),
        make_input("Kortere ventetid hos fastlegen.", year=2019, session="Helse"),
    ]
