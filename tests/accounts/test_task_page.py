"""A background job's page: for whoever started it and the secretariat (issue 19.8)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from innspill.common.models import Task

pytestmark = pytest.mark.django_db


def user(name: str, role: str) -> User:
    person = User.objects.create_user(name)
    person.groups.add(Group.objects.get(name=role))
    return person


@pytest.fixture
def task():
    owner = user("forsker1", "researcher")
    return Task.objects.create(
        kind="export", label="Eksport for Kari Nordmann", func="x", user=owner
    )


@pytest.mark.parametrize(
    ("who", "role", "status"),
    [
        ("forsker1", None, 200),  # the owner
        ("sekretariat", "secretariat", 200),
        ("admin", "admin", 200),
        ("forsker2", "researcher", 403),
        ("referent", "rapporteur", 403),
        ("departement", "ministry", 403),
    ],
)
def test_job_page_for_its_owner_and_the_secretariat(client, task, who, role, status):
    visitor = User.objects.get(username=who) if role is None else user(who, role)
    client.force_login(visitor)
    response = client.get(reverse("accounts:task-detail", args=[task.pk]))
    assert response.status_code == status
    assert ("Eksport for Kari Nordmann" in response.content.decode()) == (status == 200)
