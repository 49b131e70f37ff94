import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from innspill.accounts.roles import can, require


@pytest.fixture
def researcher(db):
    user = User.objects.create_user("forsker", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="researcher"))
    return user


def test_roles_exist_as_groups(db):
    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "admin",
        "ministry",
        "rapporteur",
        "researcher",
        "secretariat",
    ]


def test_researcher_may_export_but_not_edit(researcher):
    assert can(researcher, "archive.export_all")
    assert not can(researcher, "inputs.edit")
    with pytest.raises(PermissionDenied):
        require(researcher, "inputs.edit")


def test_dashboard_needs_login(client, db):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_dashboard_for_staff_role(client, researcher):
    client.force_login(researcher)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_user_without_role_is_refused(client, db):
    user = User.objects.create_user("ingen", password="x-long-password-1")
    client.force_login(user)
    assert client.get(reverse("accounts:dashboard")).status_code == 403
