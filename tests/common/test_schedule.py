"""The daily housekeeping tasks are enqueued by the task workers, once a day across all of them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innspill.common import clock
from innspill.common.management.commands.run_worker import Heartbeat
from innspill.common.models import AuditEvent, ScheduledRun
from innspill.common.schedule import schedule_due

pytestmark = pytest.mark.django_db

DAILY = [
    "innspill.registrations.tasks.personal_data_purge_task",
    "innspill.surveys.tasks.survey_contacts_purge_task",
    "innspill.inputs.tasks.files_cleanup_task",
]


def _at_hour(hour: int):
    local = timezone.localtime(clock.now())
    return local.replace(hour=hour, minute=5, second=0, microsecond=0)


def test_each_daily_task_is_enqueued_once_a_day(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.INNSPILL_DAILY_TASKS_HOUR = 3
    assert settings.INNSPILL_DAILY_TASKS == DAILY
    assert schedule_due(now=_at_hour(2)) == []
    assert schedule_due(now=_at_hour(3)) == DAILY
    # the next beat, or another worker, the same day: nothing more
    assert schedule_due(now=_at_hour(15)) == []
    assert schedule_due(now=_at_hour(4) + timedelta(days=1)) == DAILY
    assert ScheduledRun.objects.count() == 6


def test_the_worker_heartbeat_enqueues_what_is_due_and_the_tasks_run(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.INNSPILL_DAILY_TASKS_HOUR = 0
    Heartbeat("worker-test", interval=1).beat(first=True)
    assert sorted(ScheduledRun.objects.values_list("name", flat=True)) == sorted(DAILY)
    # tasks run in-line in tests; with nothing due they change nothing and audit nothing
    assert AuditEvent.objects.count() == 0


def test_a_task_that_cannot_be_enqueued_does_not_stop_the_others(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.INNSPILL_DAILY_TASKS_HOUR = 0
    settings.INNSPILL_DAILY_TASKS = ["innspill.common.no_such_task", *DAILY]
    assert schedule_due() == DAILY
    assert not ScheduledRun.objects.filter(name="innspill.common.no_such_task").exists()
