"""The archive's recurrence cache: fresh in eager mode, stale-while-revalidate otherwise."""

import logging
import threading

import pytest
from django.db import connection

from innspill.analysis import recurrence as analysis
from innspill.archive import recurrence

WAIT = 30  # seconds; only reached when something is broken


@pytest.fixture
def empty_cache(monkeypatch):
    """Each test starts with no result in this process and no recomputation running."""
    monkeypatch.setattr(recurrence, "_cache", None)
    monkeypatch.setattr(recurrence, "_refreshing", None)


class Held:
    """analyse_recurrence that reports each call and, while closed, waits before computing."""

    def __init__(self):
        self.open = threading.Event()
        self.open.set()
        self.started = threading.Event()
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self.fail_next = False
        self._lock = threading.Lock()

    def __call__(self, items, **kwargs):
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            fail, self.fail_next = self.fail_next, False
        try:
            self.started.set()
            assert self.open.wait(WAIT)
            if fail:
                raise RuntimeError("clustering broke")
            return analysis.analyse_recurrence(items, **kwargs)
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def held(monkeypatch, empty_cache):
    compute = Held()
    monkeypatch.setattr(recurrence, "analyse_recurrence", compute)
    return compute


@pytest.fixture
def background(settings):
    settings.INNSPILL_TASKS_EAGER = False


def wait_for_refresh():
    thread = recurrence._refreshing
    if thread is not None:
        thread.join(WAIT)
        assert not thread.is_alive()


def years_of(pk):
    return recurrence.archive_recurrence().also_raised.get(pk)


def raised_again_after_a_look(make_input):
    """A 2015 input whose recurrence was computed once, then the same demand from 2019."""
    first = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    years_of(first.pk)
    make_input("Raskere godkjenning av utenlandsk utdanning.", year=2019)
    return first


def test_recurrence_eager_is_fresh_after_a_write(make_input, empty_cache):
    first = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    assert years_of(first.pk) == []
    again = make_input("Raskere godkjenning av utenlandsk utdanning.", year=2019)
    assert years_of(first.pk) == [(2019, 1)]
    assert recurrence.cluster_of(again.pk).years == (2015, 2019)
    assert recurrence._refreshing is None


@pytest.mark.django_db(transaction=True)
def test_recurrence_stale_served_while_recomputing_then_fresh(make_input, held, background):
    first = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    assert years_of(first.pk) == []  # the first computation blocks
    assert held.calls == 1
    make_input("Raskere godkjenning av utenlandsk utdanning.", year=2019)
    held.open.clear()
    held.started.clear()
    assert years_of(first.pk) == []  # stale, at once: the recomputation is held
    assert held.started.wait(WAIT)
    assert years_of(first.pk) == []
    held.open.set()
    wait_for_refresh()
    assert years_of(first.pk) == [(2019, 1)]
    assert held.calls == 2


@pytest.mark.django_db(transaction=True)
def test_recurrence_only_one_recompute_at_a_time(make_input, held, background):
    first = raised_again_after_a_look(make_input)
    held.open.clear()
    held.started.clear()
    years_of(first.pk)
    assert held.started.wait(WAIT)
    refreshing = recurrence._refreshing
    seen = []

    def page_view():
        try:
            seen.append(years_of(first.pk))
        finally:
            connection.close()

    views = [threading.Thread(target=page_view) for _ in range(5)]
    for view in views:
        view.start()
    for view in views:
        view.join(WAIT)
    assert seen == [[]] * 5
    assert recurrence._refreshing is refreshing
    held.open.set()
    wait_for_refresh()
    assert years_of(first.pk) == [(2019, 1)]
    assert (held.calls, held.most_at_once) == (2, 1)


@pytest.mark.django_db(transaction=True)
def test_recurrence_background_failure_logged_and_retried(make_input, held, background, caplog):
    first = raised_again_after_a_look(make_input)
    held.fail_next = True
    with caplog.at_level(logging.ERROR, logger="innspill.archive.recurrence"):
        assert years_of(first.pk) == []
        wait_for_refresh()
    assert [r.getMessage() for r in caplog.records] == [
        "recurrence: background recomputation failed"
    ]
    assert caplog.records[0].exc_info[0] is RuntimeError
    assert years_of(first.pk) == []  # still the old result; this request starts the retry
    wait_for_refresh()
    assert years_of(first.pk) == [(2019, 1)]
    assert held.calls == 3


def test_recurrence_eager_failure_serves_the_old_result(make_input, held, caplog):
    first = raised_again_after_a_look(make_input)
    held.fail_next = True
    with caplog.at_level(logging.ERROR, logger="innspill.archive.recurrence"):
        assert years_of(first.pk) == []
    assert len(caplog.records) == 1 and caplog.records[0].exc_info[0] is RuntimeError
    assert years_of(first.pk) == [(2019, 1)]
