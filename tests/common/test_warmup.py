"""Warming the archive caches at start-up: both built for the current data version, never fatal."""

import logging
import threading

import pytest
from django.db import connection

from innspill.analysis import recurrence as analysis
from innspill.archive import engine, recurrence
from innspill.common.warmup import warm_caches, warm_caches_in_background
from innspill.inputs.models import DataVersion

WAIT = 30  # seconds; only reached when something is broken


@pytest.fixture
def cold(monkeypatch):
    """No cache built in this process yet, as in a web process that has just started."""
    monkeypatch.setattr(engine, "_index", None)
    monkeypatch.setattr(recurrence, "_cache", None)
    monkeypatch.setattr(recurrence, "_refreshing", None)


@pytest.fixture
def two_years(make_input):
    first = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    make_input("Raskere godkjenning av utenlandsk utdanning.", year=2019)
    make_input("Flere lærlingplasser i offentlig sektor.", year=2019)
    return first


def assert_warm(first):
    version = DataVersion.current()
    index, snapshot = engine._index, recurrence._cache
    assert index.version == version
    assert len(index.ids) == 3
    assert snapshot.version == version
    assert snapshot.recurrence.also_raised[first.pk] == [(2019, 1)]
    # What the next request gets is what was warmed, not a new computation.
    assert engine.column_index() is index
    recurrence.archive_recurrence()
    assert recurrence._cache is snapshot


def test_warm_caches_builds_both_for_the_current_version(two_years, cold, caplog):
    with caplog.at_level(logging.INFO, logger="innspill.common.warmup"):
        seconds = warm_caches()
    assert list(seconds) == ["column index", "recurrence"]
    assert_warm(two_years)
    index, clusters = seconds["column index"], seconds["recurrence"]
    assert [r.getMessage() for r in caplog.records] == [
        f"warm-up: done (column index {index:.2f} s, recurrence {clusters:.2f} s)"
    ]


def test_warm_caches_failure_logged_not_raised(two_years, cold, monkeypatch, caplog):
    def broken(items, **kwargs):
        raise RuntimeError("clustering broke")

    monkeypatch.setattr(recurrence, "analyse_recurrence", broken)
    with caplog.at_level(logging.INFO, logger="innspill.common.warmup"):
        seconds = warm_caches()
    assert list(seconds) == ["column index"]
    assert engine._index.version == DataVersion.current()
    assert recurrence._cache is None  # the first request computes it, as without warm-up
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", "warm-up: building the recurrence failed"),
        ("INFO", f"warm-up: done (column index {seconds['column index']:.2f} s)"),
    ]
    assert caplog.records[0].exc_info[0] is RuntimeError


@pytest.mark.django_db(transaction=True)
def test_warm_caches_in_background_fills_the_caches(two_years, cold):
    thread = warm_caches_in_background()
    assert thread.daemon
    thread.join(WAIT)
    assert not thread.is_alive()
    assert_warm(two_years)


@pytest.mark.django_db(transaction=True)
def test_warm_caches_request_during_warm_up_waits_instead_of_clustering_again(
    two_years, cold, monkeypatch
):
    started, release = threading.Event(), threading.Event()
    calls = []

    def held(items, **kwargs):
        calls.append(threading.current_thread().name)
        started.set()
        assert release.wait(WAIT)
        return analysis.analyse_recurrence(items, **kwargs)

    monkeypatch.setattr(recurrence, "analyse_recurrence", held)
    warming = warm_caches_in_background()
    assert started.wait(WAIT)
    seen = []

    def page_view():
        try:
            seen.append(recurrence.archive_recurrence().also_raised[two_years.pk])
        finally:
            connection.close()

    view = threading.Thread(target=page_view)
    view.start()
    view.join(0.2)
    assert view.is_alive()  # waiting for the warm-up's result
    release.set()
    view.join(WAIT)
    warming.join(WAIT)
    assert seen == [[(2019, 1)]]
    assert calls == ["innspill-warmup"]
