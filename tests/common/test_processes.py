"""The real processes: `serve` (gunicorn + task worker) and a task worker killed mid-task.

They run as subprocesses against a SQLite file of their own (the test database is in memory
on SQLite, so other processes cannot see it).
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from django_tasks import task

from innspill.common.tasks import reports_progress

ROOT = Path(__file__).resolve().parents[2]
LOST = (
    "Jobben stoppet fordi prosessen som kjørte den, ble avbrutt (omstart, for lite minne "
    "eller en maskin som falt ut). Start jobben på nytt."
)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]


@task()
@reports_progress
def nap(*, task_id, seconds):
    time.sleep(seconds)


class LiveDatabase:
    def __init__(self, folder: Path):
        self.path = folder / "innspill.sqlite3"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("INNSPILL_", "DATABASE_URL", "PYTEST", "DJANGO_SETTINGS"))
        } | {
            "INNSPILL_DEV": "1",
            "DATABASE_URL": f"sqlite:///{self.path}",
            "INNSPILL_VAR_DIR": str(folder / "var"),
            "LOG_LEVEL": "WARNING",
        }

    def innspill(self, *args, env=None, timeout=120) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "innspill", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def query(self, sql, *params):
        with sqlite3.connect(self.path) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def live_db(tmp_path_factory):
    db = LiveDatabase(tmp_path_factory.mktemp("live"))
    db.innspill("migrate", "-v", "0")
    return db


def wait_for(condition, seconds=90.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"still not true after {seconds} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers["Content-Type"], response.read()
    except OSError:
        return None


def test_serve_runs_web_and_task_worker_and_stops_both_on_sigterm(live_db, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "innspill", "serve", f"--bind=127.0.0.1:{port}", "--workers=1"],
        cwd=ROOT,
        env=live_db.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        status, content_type, body = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/"))
        assert (status, content_type) == (200, "text/html; charset=utf-8")
        assert b'<html lang="nb"' in body
        css = fetch(f"http://127.0.0.1:{port}/static/innspill/site.css")
        assert css is not None
        assert css[:2] == (200, 'text/css; charset="utf-8"')
        assert css[2] == (ROOT / "src/innspill/static/innspill/site.css").read_bytes()
        # the task worker beats
        wait_for(lambda: live_db.query("select count(*) from common_workerheartbeat") == [(1,)])
        processes = psutil.Process(serve.pid).children(recursive=True)
        names = sorted(" ".join(p.cmdline()[1:5]) for p in processes)
        assert names == [
            f"-m gunicorn --config {ROOT}/src/innspill/gunicorn_conf.py",  # master
            f"-m gunicorn --config {ROOT}/src/innspill/gunicorn_conf.py",  # one web worker
            "-m innspill run_worker",
        ]
    finally:
        serve.send_signal(signal.SIGTERM)
        returncode = serve.wait(timeout=60)
        log.close()
    assert returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]
    assert [p.pid for p in processes if p.is_running()] == []
    assert b'"GET /static/innspill/site.css HTTP/1.1" 200' in (tmp_path / "serve.log").read_bytes()
    assert live_db.query("select count(*) from common_workerheartbeat") == [(0,)]


def test_task_of_a_killed_worker_is_failed_when_the_next_worker_starts(live_db):
    timeout = 2
    env = live_db.env | {"INNSPILL_WORKER_TIMEOUT": str(timeout)}
    out = live_db.innspill(
        "shell",
        "-c",
        "from innspill.common.tasks import task_start; "
        "from tests.common.test_processes import nap; "
        "print(task_start(kind='test', func=nap, kwargs={'seconds': 600}).pk)",
    )
    pk = int(out.split()[-1])

    def row():
        [(status, error, queue_id)] = live_db.query(
            "select status, error, queue_id from common_task where id = ?", pk
        )
        [(queued,)] = live_db.query(
            "select status from django_tasks_database_dbtaskresult where replace(id, '-', '') = ?",
            queue_id.replace("-", ""),
        )
        return status, error, queued

    worker = subprocess.Popen(
        [sys.executable, "-m", "innspill", "run_worker", "--no-startup-delay", "--interval=0.1"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(lambda: row() == ("running", "", "RUNNING"))
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    time.sleep(timeout + 0.5)
    # Nothing else knows the worker is gone: without the check the task stays «running».
    assert row() == ("running", "", "RUNNING")

    live_db.innspill("run_worker", "--batch", "--no-startup-delay", env=env)

    assert row() == ("failed", LOST, "FAILED")
