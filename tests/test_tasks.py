from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from innspill.common.models import Task, WorkerHeartbeat
from innspill.common.tasks import reports_progress, task_progress, task_start, tasks_reap_stale

LOST = (
    "Jobben stoppet fordi prosessen som kjørte den, ble avbrutt (omstart, for lite minne "
    "eller en maskin som falt ut). Start jobben på nytt."
)


@task()
@reports_progress
def count_to(*, task_id, n):
    for i in range(1, n + 1):
        task_progress(task_id, done=i, total=n, message=f"{i} av {n}")
    return {"counted": n}


@task()
@reports_progress
def explode(*, task_id):
    raise ValueError("Filen er ødelagt")


@task()
def double(n):
    """A plain task with no progress row, as archive/tasks.py writes them."""
    return 2 * n


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, for a worker to run, as in production."""
    settings.INNSPILL_TASKS_EAGER = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("s", password="x-long-password-1")
    # get_or_create: transactional tests start without the migrations' rows
    user.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    client.force_login(user)
    return client


def run_worker():
    # Tests that call this are transactional: the worker closes a connection that is inside a
    # transaction (as after a failed request), and it commits its claims as in production.
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)


def page(client, task):
    return client.get(reverse("accounts:task-detail", args=[task.pk])).content.decode()


@pytest.mark.django_db
def test_task_runs_in_line_and_records_progress_and_result(settings):
    assert settings.INNSPILL_TASKS_EAGER
    task = task_start(kind="test", func=count_to, kwargs={"n": 3})
    assert (task.status, task.done, task.total, task.result, task.percent, task.func) == (
        "done",
        3,
        3,
        {"counted": 3},
        100,
        "tests.test_tasks.count_to",
    )


@pytest.mark.django_db
def test_failing_task_keeps_a_clear_message():
    task = task_start(kind="test", func=explode, kwargs={})
    assert (task.status, task.error) == ("failed", "Filen er ødelagt")


@pytest.mark.django_db
def test_task_page_for_staff(staff_client):
    task = Task.objects.create(kind="ocr", func="x:y", total=10, done=4, status="running")
    body = staff_client.get(
        reverse("accounts:task-detail", args=[task.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'value="40"' in body and 'hx-trigger="every 1s"' in body


@pytest.mark.django_db(transaction=True)
def test_queued_task_waits_for_the_worker_which_stores_the_result_the_page_shows(
    database_queue, staff_client
):
    task = task_start(kind="test", func=count_to, kwargs={"n": 3}, label="Teller")
    queued = DBTaskResult.objects.get(pk=task.queue_id)
    assert (task.status, queued.status, queued.task_path, queued.args_kwargs) == (
        "queued",
        "READY",
        "tests.test_tasks.count_to",
        {"args": [], "kwargs": {"task_id": task.pk, "n": 3}},
    )
    waiting = page(staff_client, task)
    assert "Teller</strong>: I kø" in waiting and "Ingen arbeidsprosess kjører nå" in waiting

    run_worker()

    task.refresh_from_db()
    queued.refresh_from_db()
    assert (task.status, task.done, task.total, task.message, task.result, queued.status) == (
        "done",
        3,
        3,
        "3 av 3",
        {"counted": 3},
        "SUCCESSFUL",
    )
    assert WorkerHeartbeat.objects.count() == 0  # the worker removed its beat on exit
    done = page(staff_client, task)
    assert "Teller</strong>: Ferdig – 3 av 3" in done and 'value="100"' in done
    assert "hx-trigger" not in done


@pytest.mark.django_db(transaction=True)
def test_worker_records_a_failing_task_in_the_queue_and_on_the_page(database_queue, staff_client):
    task = task_start(kind="test", func=explode, kwargs={})
    run_worker()
    task.refresh_from_db()
    queued = DBTaskResult.objects.get(pk=task.queue_id)
    assert (task.status, task.error, queued.status, queued.exception_class_path) == (
        "failed",
        "Filen er ødelagt",
        "FAILED",
        "builtins.ValueError",
    )
    assert '<p class="errors" role="alert">Filen er ødelagt</p>' in page(staff_client, task)


@pytest.mark.django_db(transaction=True)
def test_plain_task_from_any_app_runs_in_the_worker(database_queue):
    result = double.enqueue(21)
    run_worker()
    assert double.get_result(result.id).return_value == 42


@pytest.mark.django_db
def test_task_of_a_worker_that_stopped_beating_is_failed_with_a_message(
    database_queue, staff_client, settings
):
    lost = task_start(kind="test", func=count_to, kwargs={"n": 3}, label="Borte")
    kept = task_start(kind="test", func=count_to, kwargs={"n": 3}, label="Lever")
    now = timezone.now()
    for row, worker in ((lost, "worker-killed"), (kept, "worker-alive")):
        WorkerHeartbeat.objects.create(
            worker_id=worker, host="h", pid=1, started_at=now, beat_at=now
        )
        DBTaskResult.objects.get(pk=row.queue_id).claim(worker)
        Task.objects.filter(pk=row.pk).update(status="running")

    # Within the timeout both workers count as alive: nothing is touched, the page polls on.
    assert tasks_reap_stale(now=now) == 0
    assert "hx-trigger" in page(staff_client, lost)

    later = now + timedelta(seconds=settings.INNSPILL_WORKER_TIMEOUT + 1)
    WorkerHeartbeat.objects.filter(worker_id="worker-alive").update(beat_at=later)
    assert tasks_reap_stale(now=later) == 1
    assert tasks_reap_stale(now=later) == 0

    statuses = {
        t.label: (t.status, t.error, DBTaskResult.objects.get(pk=t.queue_id).status)
        for t in Task.objects.all()
    }
    assert statuses == {
        "Borte": ("failed", LOST, "FAILED"),
        "Lever": ("running", "", "RUNNING"),
    }
    body = page(staff_client, lost)
    assert f'<p class="errors" role="alert">{LOST}</p>' in body and "hx-trigger" not in body


@pytest.mark.django_db(transaction=True)
def test_worker_restarted_under_the_same_id_fails_what_that_id_was_running(database_queue):
    task = task_start(kind="test", func=count_to, kwargs={"n": 3})
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="worker-1", host="h", pid=1, started_at=now, beat_at=now
    )
    DBTaskResult.objects.get(pk=task.queue_id).claim("worker-1")
    Task.objects.filter(pk=task.pk).update(status="running")

    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id=worker-1", verbosity=0)

    task.refresh_from_db()
    assert (task.status, task.error, DBTaskResult.objects.get(pk=task.queue_id).status) == (
        "failed",
        LOST,
        "FAILED",
    )
