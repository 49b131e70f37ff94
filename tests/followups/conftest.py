import importlib
import itertools

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from innspill.followups.models import Owner, OwnerMember

_seq = itertools.count(1)


def ensure_registry() -> None:
    """The registry migration's rows (re-created after a transactional test's flush)."""
    if not Owner.objects.exists():
        importlib.import_module("innspill.followups.migrations.0002_registry").create(apps, None)


def user_with_role(role: str, *, owner: Owner | None = None) -> User:
    user = User.objects.create_user(f"{role}{next(_seq)}", password="pw-for-tests-only")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    if owner is not None:
        OwnerMember.objects.create(user=user, owner=owner)
    return user


@pytest.fixture
def registry(vocabulary):
    ensure_registry()


@pytest.fixture
def kd(registry):
    return Owner.objects.get(short_name="KD")


@pytest.fixture
def aid(registry):
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
