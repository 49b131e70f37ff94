import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from innspill.common.models import Task
from innspill.common.tasks import task_progress, task_start


def count_to(*, task_id, n):
    for i in range(1, n + 1):
        task_progress(task_id, done=i, total=n, message=f"{i} av {n}")
    return {"counted": n}


def explode(*, task_id):
    raise ValueError("Filen er ødelagt")


@pytest.mark.django_db
def test_task_runs_and_records_progress_and_result(settings):
    assert settings.INNSPILL_TASKS_EAGER
    task = task_start(kind="test", func="tests.test_tasks:count_to", kwargs={"n": 3})
    assert (task.status, task.done, task.total, task.result, task.percent) == (
        "done",
        3,
        3,
        {"counted": 3},
        100,
    )


@pytest.mark.django_db
def test_failing_task_keeps_a_clear_message():
    task = task_start(kind="test", func="tests.test_tasks:explode", kwargs={})
    assert (task.status, task.error) == ("failed", "Filen er ødelagt")


@pytest.mark.django_db
def test_task_page_for_staff(client):
    user = User.objects.create_user("s", password="x-long-password-1")
    user.groups.add(Group.objects.get(name="secretariat"))
    client.force_login(user)
    task = Task.objects.create(kind="ocr", func="x:y", total=10, done=4, status="running")
    body = client.get(
        reverse("common:task-detail", args=[task.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'value="40"' in body and 'hx-trigger="every 1s"' in body
