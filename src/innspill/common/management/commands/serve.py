"""`python -m innspill serve`: the production server, gunicorn web workers beside the task worker.

One command to supervise (systemd, a container): it starts both as child processes, stops
both on SIGTERM or SIGINT, and stops the other and exits non-zero if either dies, so the
supervisor restarts the pair.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

import innspill
from innspill.common.checks import secret_key_is_set

CONFIG = Path(innspill.__file__).resolve().parent / "gunicorn_conf.py"
# gunicorn's graceful_timeout is 30 s; a task gets as long to finish before it is killed
# (it is then failed by the next worker's check, see common/tasks.py).
STOP_SECONDS = 35


class Command(BaseCommand):
    help = "Run gunicorn (web) and the task worker; both stop on SIGTERM or Ctrl+C."
    # The checks load the URL conf and with it the heavy libraries (about 150 MB); this
    # process only supervises, and the worker runs the checks itself.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bind", help="HOST:PORT (default 127.0.0.1:8000 or INNSPILL_BIND)")
        parser.add_argument("--workers", type=int, help="web workers (default 2 × CPUs + 1)")
        parser.add_argument(
            "--task-workers",
            type=int,
            default=1,
            help="task worker processes; 0 where workers run on other machines (default 1)",
        )

    def handle(self, *args: Any, bind: str | None, workers: int | None, task_workers: int, **_):
        # The one check that must stop a production start even though the others are skipped.
        for error in secret_key_is_set(None):
            raise CommandError(f"{error.msg} ({error.id})")
        web = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
        if bind:
            web += ["--bind", bind]
        if workers is not None:
            if workers < 1:
                raise CommandError("--workers må være minst 1.")
            web += ["--workers", str(workers)]
        commands = {"gunicorn": web} | {
            f"run_worker {n + 1}": [sys.executable, "-m", "innspill", "run_worker"]
            for n in range(task_workers)
        }
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Own sessions: a terminal's Ctrl+C reaches only this process, which then stops each
        # child once (a second SIGINT would make the task worker abandon its task).
        children = {
            name: subprocess.Popen(command, start_new_session=True)
            for name, command in commands.items()
        }
        try:
            while not stopping and all(child.poll() is None for child in children.values()):
                time.sleep(0.2)
            died = [name for name, child in children.items() if child.poll() is not None]
        finally:
            _stop_all(list(children.values()))
        if not stopping:
            raise CommandError(f"Stoppet fordi {', '.join(died)} stoppet uventet.")


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
