"""The archive's shared analysis: computed once per data version by a task, read by every page."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from innspill.archive import recurrence, services
from innspill.archive.models import AnalysisRequest, AnalysisRun, InputAnalysis, RecurringCluster
from innspill.common import clock
from innspill.inputs.models import DataVersion, Input

WAIT = 30  # seconds; only reached when something is broken
TASK = "innspill.archive.tasks.analysis_compute_task"
UPDATING = "Oppdateres … Det som vises her, er fra før den siste endringen i arkivet."
COMPUTING = "«Går igjen» og lignende innspill beregnes nå. Last inn siden på nytt om litt."


@pytest.fixture
def recurring(make_input):
    return [
        make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015),
        make_input("Raskere godkjenning av utdanning fra utlandet.", year=2017),
        make_input("NOKUT må godkjenne utenlandsk utdanning raskere.", year=2019),
        make_input("Kortere ventetid hos fastlegen.", year=2019),
    ]


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue and wait for a worker, as in production."""
    settings.INNSPILL_TASKS_EAGER = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def newest():
    return AnalysisRun.objects.order_by("-pk").first()


def queued():
    return DBTaskResult.objects.filter(task_path=TASK).count()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", verbosity=0)


def test_analysis_stored_for_the_current_version(recurring):
    first, second, third, alone = recurring
    run = newest()
    assert (run.version, run.state, run.n_inputs) == (
        DataVersion.current(),
        AnalysisRun.State.DONE,
        4,
    )
    cluster = RecurringCluster.objects.get(run=run)
    assert (cluster.rank, cluster.n_years, cluster.count, cluster.by_year) == (
        0,
        3,
        3,
        {"2015": [first.pk], "2017": [second.pk], "2019": [third.pk]},
    )
    rows = {row.input_id: row for row in InputAnalysis.objects.filter(run=run)}
    assert sorted(rows) == [first.pk, second.pk, third.pk]  # the lone input has nothing to show
    assert [row.cluster_rank for row in rows.values()] == [0, 0, 0]
    assert {other for other, _ in rows[first.pk].similar} <= {second.pk, third.pk}
    found = recurrence.for_input(recurrence.stored(), first.pk, year=2015)
    assert found.also_raised == [(2017, 1), (2019, 1)]
    assert found.cluster.years == (2015, 2017, 2019)
    assert recurrence.for_input(recurrence.stored(), alone.pk, year=2019) == (
        recurrence.InputRecurrence()
    )


def test_analysis_near_duplicates_stored_and_shown(client, make_input):
    one = make_input("Flere gratis lokaler til frivillige lag og foreninger.", year=2016)
    two = make_input("Flere gratis lokaler til frivillige lag og foreninger!", year=2016)
    rows = dict(InputAnalysis.objects.values_list("input_id", "duplicates"))
    assert rows == {one.pk: [two.pk], two.pk: [one.pk]}
    body = client.get(reverse("archive:input-detail", args=[one.pk])).content.decode()
    assert "Nesten likt formulert" in body
    assert reverse("archive:input-detail", args=[two.pk]) in body


def test_analysis_new_version_replaces_the_old_run(recurring, make_input):
    make_input("Raskere godkjenning av utenlandske vitnemål.", year=2021)
    run = newest()
    assert run.version == DataVersion.current()
    assert RecurringCluster.objects.get(run=run).n_years == 4

    def kept():
        return list(AnalysisRun.objects.order_by("pk").values_list("pk", flat=True))

    DataVersion.bump()  # in-line queue: computed at once
    second = newest()
    # The run before is kept for pages that are reading it; the one before that is deleted.
    assert kept() == [run.pk, second.pk]
    DataVersion.bump()
    assert kept() == [second.pk, newest().pk]
    assert not InputAnalysis.objects.filter(run=run).exists()


def test_analysis_same_version_computed_once(recurring):
    runs = AnalysisRun.objects.count()
    assert services.analysis_compute().computed is False
    assert AnalysisRun.objects.count() == runs


def test_analysis_claim_of_a_lost_worker_is_taken_over(recurring):
    DataVersion.bump()  # in-line queue: computed at once
    AnalysisRun.objects.all().delete()
    version = DataVersion.current()
    AnalysisRun.objects.create(version=version, claimed_at=clock.now())
    assert services.analysis_compute().computed is False  # someone is computing it
    AnalysisRun.objects.filter(version=version).update(
        claimed_at=clock.now() - services.LEASE - timedelta(seconds=1)
    )
    assert services.analysis_compute().computed is True
    assert AnalysisRun.objects.get(version=version).state == AnalysisRun.State.DONE


def test_analysis_failure_recorded_and_retried(recurring, monkeypatch):
    def broken():
        raise RuntimeError("clustering broke")

    AnalysisRun.objects.all().delete()
    monkeypatch.setattr(services, "_analyse", broken)
    with pytest.raises(RuntimeError):
        services.analysis_compute()
    run = AnalysisRun.objects.get()
    assert (run.state, run.error) == (AnalysisRun.State.FAILED, "RuntimeError: clustering broke")
    assert not services.analysis_needs_request(run.version)  # not again on every page view
    monkeypatch.undo()
    assert services.analysis_compute().computed is True
    assert AnalysisRun.objects.get().state == AnalysisRun.State.DONE


# The worker closes the database connection: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_analysis_many_changes_queue_one_computation(recurring, database_queue, make_input):
    for text in ("Mer norskopplæring.", "Flere lærlingplasser.", "Bedre tolketjenester."):
        make_input(text, year=2021)
    assert queued() == 1
    assert AnalysisRequest.objects.get().pending_since is not None
    run_worker()
    assert (newest().version, newest().n_inputs) == (DataVersion.current(), 7)
    assert AnalysisRequest.objects.get().pending_since is None


# The worker closes the database connection: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_analysis_pages_show_the_old_result_marked_until_the_new_is_stored(
    client, recurring, database_queue, make_input
):
    make_input("Raskere godkjenning av utenlandske vitnemål.", year=2021)
    for url in (
        reverse("archive:recurring-list"),
        reverse("archive:input-detail", args=[recurring[0].pk]),
    ):
        body = client.get(url).content.decode()
        assert UPDATING in body
        assert "Tatt opp i 2015, 2017, 2019 (3 ganger)" in body or "2019 (1 gang)" in body
    assert queued() == 1  # the pages found it queued and queued nothing more
    run_worker()
    body = client.get(reverse("archive:recurring-list")).content.decode()
    assert UPDATING not in body
    assert "Tatt opp i 2015, 2017, 2019, 2021 (4 ganger)" in body


# The worker closes the database connection: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_analysis_nothing_stored_page_says_it_is_computed_and_queues_it(
    client, database_queue, make_input
):
    make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    make_input("Raskere godkjenning av utdanning fra utlandet.", year=2017)
    DBTaskResult.objects.all().delete()  # as if the queue had lost it
    AnalysisRequest.objects.all().delete()
    response = client.get(reverse("archive:recurring-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert COMPUTING in body and "Ingen krav er tatt opp" not in body
    assert queued() == 1
    client.get(reverse("archive:recurring-list"))
    assert queued() == 1
    run_worker()
    assert "Tatt opp i 2015, 2017 (2 ganger)" in (
        client.get(reverse("archive:recurring-list")).content.decode()
    )


def test_recurring_command_computes_when_out_of_date(recurring, database_queue, capsys):
    DataVersion.bump()
    call_command("recurring", "--min-years", "3")
    assert capsys.readouterr().out == (
        "2015, 2017, 2019 (3×): Godkjenning av utenlandsk utdanning må gå raskere.\n"
    )
    assert newest().version == DataVersion.current()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database has no concurrent writers; runs on PostgreSQL",
)
def test_analysis_two_workers_same_version_one_computation(recurring):
    """Two workers (or a duplicate task) start on the same version at once: one computes."""
    DataVersion.bump()  # in-line queue: computes; what follows races for a version not yet done
    AnalysisRun.objects.all().delete()
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait(WAIT)
            results.append(services.analysis_compute())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert sorted(r.computed for r in results) == [False, True]
    assert {r.version for r in results} == {DataVersion.current()}
    run = AnalysisRun.objects.get()
    assert (run.state, RecurringCluster.objects.filter(run=run).count()) == (
        AnalysisRun.State.DONE,
        1,
    )


@pytest.mark.django_db(transaction=True)
def test_analysis_one_change_two_web_workers_one_task_worker_one_clustering(
    client, database_queue, make_input
):
    """One write; two web processes view pages while it is queued; one worker: one clustering."""
    make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    make_input("Raskere godkjenning av utdanning fra utlandet.", year=2017)
    run_worker()
    first = AnalysisRun.objects.get()
    Input.objects.filter(year=2017).update(text="Raskere godkjenning av utdanning fra utlandet!")
    DataVersion.bump()  # autocommit: the request is queued at once
    start = threading.Barrier(2)
    seen = []

    def web_worker():
        try:
            start.wait(WAIT)
            seen.append(recurrence.stored())
        finally:
            connection.close()

    threads = [threading.Thread(target=web_worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert seen == [recurrence.Stored(run_id=first.pk, updating=True)] * 2
    run_worker()
    run_worker()
    runs = list(AnalysisRun.objects.order_by("pk").values_list("pk", "version", "state"))
    assert runs == [
        (first.pk, first.version, AnalysisRun.State.DONE),
        (newest().pk, DataVersion.current(), AnalysisRun.State.DONE),
    ]
    # One task per write (the first write's and this one's), each clustering once.
    done = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert [(r.status, r.return_value["computed"]) for r in done] == [("SUCCESSFUL", True)] * 2
    assert done[1].return_value["version"] == DataVersion.current()


@pytest.mark.django_db(transaction=True)
def test_analysis_claim_renewed_while_computing(recurring, monkeypatch):
    """A long computation keeps its claim, so a second worker does not take it for lost."""
    monkeypatch.setattr(services, "RENEW", timedelta(seconds=0.05))
    DataVersion.bump()
    AnalysisRun.objects.all().delete()
    analyse = services._analyse
    renewed = []

    def slow():
        claimed = AnalysisRun.objects.get().claimed_at
        for _ in range(WAIT * 20):
            if AnalysisRun.objects.get().claimed_at > claimed:
                renewed.append(True)
                break
            time.sleep(0.05)
        return analyse()

    monkeypatch.setattr(services, "_analyse", slow)
    assert services.analysis_compute().computed is True
    assert renewed == [True]
    assert newest().state == AnalysisRun.State.DONE
