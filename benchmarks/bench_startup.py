"""Benchmark command start-up: CPU time of `python -m innspill <command>` in a child process.

Run: .venv/bin/python benchmarks/bench_startup.py [--quick]

Each command runs `--repeat` times in a fresh process; the figure is the child's user + system
CPU time (resource.getrusage(RUSAGE_CHILDREN)), which the machine's load changes far less than
wall time. `place` solves the size of a real conference (225 participants, 8 sessions, three
ranked wishes each) and runs Django's system checks, so it loads the URL configuration and
every view module. The last line lists which heavy libraries a process that has loaded the
URL configuration holds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ["sklearn", "scipy", "pandas", "weasyprint", "docx", "openpyxl", "ortools", "numpy"]


def conference_problem(*, people: int = 225, sessions: int = 8, seed: int = 1) -> dict:
    rng = random.Random(seed)
    ids = [f"s{j}" for j in range(sessions)]
    capacity = -(-people // sessions) + 2
    return {
        "sessions": [{"id": s, "capacity": capacity} for s in ids],
        "participants": [{"id": i, "wishes": rng.sample(ids, 3)} for i in range(people)],
    }


def cpu_of(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one child process running `args`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def heavy_after_urls(env: dict[str, str]) -> list[str]:
    code = (
        "import sys, django; django.setup(); import innspill.urls; "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 runs per command instead of 7")
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args()
    repeat = args.repeat or (3 if args.quick else 7)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innspill.settings"}
    env.setdefault("INNSPILL_DEV", "1")
    with tempfile.TemporaryDirectory() as tmp:
        problem = Path(tmp) / "conference.json"
        problem.write_text(json.dumps(conference_problem()), encoding="utf-8")
        commands = {
            "help": ["help"],
            "place --help": ["place", "--help"],
            "check": ["check"],
            "place 225×8": ["place", str(problem)],
        }
        print(
            f"{'command':<16} {'CPU median':>11} {'CPU max':>8} {'wall median':>12}  ({repeat} runs)"
        )
        for name, command in commands.items():
            runs = [
                cpu_of([sys.executable, "-m", "innspill", *command], env) for _ in range(repeat)
            ]
            cpu = [c for c, _ in runs]
            wall = [w for _, w in runs]
            print(
                f"{name:<16} {statistics.median(cpu):>10.2f}s {max(cpu):>7.2f}s "
                f"{statistics.median(wall):>11.2f}s"
            )
    print("heavy libraries loaded with the URL conf:", " ".join(heavy_after_urls(env)) or "none")


if __name__ == "__main__":
    main()
