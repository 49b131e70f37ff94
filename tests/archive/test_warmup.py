"""Warming the search's column index at start-up: built for the current data version, never fatal."""

import logging

import pytest

from innspill.archive import engine, warmup
from innspill.archive.models import AnalysisRun
from innspill.archive.warmup import warm_caches, warm_caches_in_background
from innspill.inputs.models import DataVersion

WAIT = 30  # seconds; only reached when something is broken


@pytest.fixture
def cold(monkeypatch):
    """No cache built in this process yet, as in a web process that has just started."""
    monkeypatch.setattr(engine, "_index", None)


@pytest.fixture
def two_years(make_input):
    first = make_input("Godkjenning av utenlandsk utdanning må gå raskere.", year=2015)
    make_input("Raskere godkjenning av utenlandsk utdanning.", year=2019)
    make_input("Flere lærlingplasser i offentlig sektor.", year=2019)
    return first


def assert_warm():
    index = engine._index
    assert index.version == DataVersion.current()
    assert len(index.ids) == 3
    # What the next request gets is what was warmed, not a new computation.
    assert engine.column_index() is index


def test_warm_caches_builds_the_column_index_only(two_years, cold, caplog):
    runs = list(AnalysisRun.objects.values_list("pk", flat=True))
    with caplog.at_level(logging.INFO, logger="innspill.archive.warmup"):
        seconds = warm_caches()
    assert list(seconds) == ["column index"]
    assert_warm()
    assert [r.getMessage() for r in caplog.records] == [
        f"warm-up: done (column index {seconds['column index']:.2f} s)"
    ]
    # The clustering is the task's, stored once for every process: warming computes none.
    assert list(AnalysisRun.objects.values_list("pk", flat=True)) == runs


def test_warm_caches_failure_logged_not_raised(two_years, cold, monkeypatch, caplog):
    def broken():
        raise RuntimeError("index broke")

    monkeypatch.setitem(warmup.CACHES, "column index", broken)
    with caplog.at_level(logging.INFO, logger="innspill.archive.warmup"):
        seconds = warm_caches()
    assert seconds == {}
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ERROR", "warm-up: building the column index failed"),
        ("INFO", "warm-up: done (nothing built)"),
    ]
    assert caplog.records[0].exc_info[0] is RuntimeError


@pytest.mark.django_db(transaction=True)
def test_warm_caches_in_background_fills_the_index(two_years, cold):
    thread = warm_caches_in_background()
    assert thread.daemon
    thread.join(WAIT)
    assert not thread.is_alive()
    assert_warm()
