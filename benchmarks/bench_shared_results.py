"""Benchmark: the archive's shared analysis, computed once by the task worker, read by the pages.

Usage: .venv/bin/python benchmarks/bench_shared_results.py [--quick] [--n N]
       bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_shared_results.py --n 100000

A fresh database (a temporary SQLite file, or the PostgreSQL server named by DATABASE_URL) gets
`n` synthetic inputs (bench_recurrence's spliced inputs over 12 years, 35 % reworded copies of
an earlier one) through `load_inputs`, which queues the computation after each committed batch.
Then, as in production, three processes run at once: one task worker (django-tasks-db's
`db_worker --batch`) and two web processes that request the «Går igjen» page and input pages
every half second until they see the new result. This runs twice: after the load (nothing
stored yet: pages say it is being computed) and after one more input is created (pages show
the previous result marked «Oppdateres …»). Each time it prints:

- how many computations were queued and how many clustered (the goal: exactly one of each);
- the worker's time and CPU to compute and to store, and the rows stored;
- each web process's page times (p50/p95 ms) while waiting and after, per page, its CPU and
  peak memory, against the worker's peak memory (what every web process held before).
Full: 100,000 inputs; `--quick`: 10,000.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASK = "innspill.archive.tasks.analysis_compute_task"
PAGES_PER_ROUND = 6  # the «Går igjen» page and five input pages


def setup(var_dir: str) -> None:
    os.environ.setdefault("INNSPILL_DEV", "1")
    os.environ["INNSPILL_VAR_DIR"] = var_dir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(var_dir) / 'bench.sqlite3'}")
    os.environ["INNSPILL_WARM_ON_START"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "innspill.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(n: int, var_dir: str) -> dict[str, object]:
    """Fill the database with `n` synthetic inputs through the ordinary bulk load."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_recurrence import synthetic_items
    from django.core.management import call_command

    from innspill.inputs.models import Theme
    from innspill.inputs.services import inputs_load

    call_command("migrate", verbosity=0)
    themes = set(Theme.objects.values_list("key", flat=True))
    path = Path(var_dir) / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["year", "conference", "session", "text", "theme"])
        for item in synthetic_items(n):
            theme = item.theme if item.theme in themes else ""
            conference = f"Integreringskonferansen {item.year}"
            writer.writerow([item.year, conference, item.session, item.text, theme])
    start = time.perf_counter()
    result = inputs_load(path=path, classify=False)
    return {"created": result.created, "load_s": time.perf_counter() - start}


def web(seconds_max: float) -> dict[str, object]:
    """A web process: page views until the pages show the newest data version's result."""
    from django.test import Client
    from django.urls import reverse

    from innspill.archive.models import AnalysisRun
    from innspill.inputs.models import Input

    client = Client()
    ids = list(Input.objects.order_by("pk").values_list("pk", flat=True)[::997][:5])
    urls = [reverse("archive:recurring-list")] + [
        reverse("archive:input-detail", args=[pk]) for pk in ids
    ]
    stale: dict[str, list[float]] = {"recurring": [], "input": []}
    fresh: dict[str, list[float]] = {"recurring": [], "input": []}
    notices = {"updating": 0, "computing": 0}
    deadline = time.perf_counter() + seconds_max
    fresh_rounds = 0
    while time.perf_counter() < deadline and fresh_rounds < 3:
        round_fresh = True
        for k, url in enumerate(urls):
            start = time.perf_counter()
            body = client.get(url).content.decode()
            took = time.perf_counter() - start
            if "Oppdateres …" in body:
                notices["updating"] += 1
                round_fresh = False
            elif "beregnes nå" in body:
                notices["computing"] += 1
                round_fresh = False
            (fresh if round_fresh else stale)["input" if k else "recurring"].append(took)
        fresh_rounds += round_fresh
        time.sleep(0.5)
    return {
        "stale_ms": {page: _ms(times) for page, times in stale.items()},
        "fresh_ms": {page: _ms(times) for page, times in fresh.items()},
        "notices": notices,
        "cpu_s": time.process_time(),
        "peak_mb": peak_mb(),
        "runs_seen": AnalysisRun.objects.count(),
    }


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    values = sorted(values)
    p50 = statistics.median(values) * 1000
    p95 = values[int(0.95 * (len(values) - 1))] * 1000
    return {"n": len(values), "p50": round(p50, 1), "p95": round(p95, 1)}


def worker() -> dict[str, object]:
    """The task worker: runs the queued tasks, then reports its peak memory."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0.2", verbosity=0)
    return {"peak_mb": peak_mb(), "cpu_s": time.process_time()}


def child(role: str, var_dir: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, "--role", role, "--var", var_dir, *extra],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def last_json(proc: subprocess.Popen) -> dict[str, object]:
    out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"child failed ({proc.returncode})")
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10,000 inputs")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--role", choices=["web", "worker"])
    parser.add_argument("--var")
    parser.add_argument("--max-seconds", type=float, default=900)
    args = parser.parse_args()
    if args.role:
        setup(args.var)
        result = web(args.max_seconds) if args.role == "web" else worker()
        print(json.dumps(result))
        return
    n = 10_000 if args.quick else args.n
    var_dir = tempfile.mkdtemp(prefix="innspill-bench-shared-")
    setup(var_dir)
    from django.db import connection

    loaded = load(n, var_dir)
    print(
        f"database: {connection.vendor}; inputs: {loaded['created']:,} "
        f"(load_inputs {loaded['load_s']:.1f} s); cpu cores: {os.cpu_count()}"
    )
    print("after the load:")
    phase(var_dir, args.max_seconds)
    from innspill.inputs.models import Input, Origin
    from innspill.inputs.services import input_create

    one = Input.objects.select_related("cycle").order_by("-pk").first()
    input_create(
        text="Godkjenning av utenlandsk utdanning må gå raskere, også for flyktninger.",
        cycle=one.cycle,
        origin=Origin.SESSION,
    )
    print("one more input created:")
    phase(var_dir, args.max_seconds)


def phase(var_dir: str, max_seconds: float) -> None:
    """Two web processes and one task worker until the pages show the current result."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from innspill.archive.models import AnalysisRun, InputAnalysis, RecurringCluster

    before = set(
        DBTaskResult.objects.filter(task_path=TASK)
        .exclude(status="READY")
        .values_list("pk", flat=True)
    )
    queued = DBTaskResult.objects.filter(task_path=TASK, status="READY").count()
    print(f"  computations queued: {queued}")
    connection.close()
    start = time.perf_counter()
    webs = [child("web", var_dir, "--max-seconds", str(max_seconds)) for _ in range(2)]
    task_worker = child("worker", var_dir)
    work = last_json(task_worker)
    work_wall = time.perf_counter() - start
    pages = [last_json(w) for w in webs]
    done = [
        (status, value)
        for pk, status, value in DBTaskResult.objects.filter(task_path=TASK).values_list(
            "pk", "status", "return_value"
        )
        if pk not in before
    ]
    computed = [r for status, r in done if r and r.get("computed")]
    run = AnalysisRun.objects.order_by("-pk").first()
    print(
        f"  tasks run: {len(done)} ({', '.join(sorted({s for s, _ in done}))}); "
        f"clustered: {len(computed)}; runs kept: {AnalysisRun.objects.count()}"
    )
    for r in computed:
        print(
            f"  worker: computed in {r['seconds']:.1f} s, stored in {r['store_seconds']:.1f} s, "
            f"{r['cpu_seconds']:.1f} s CPU ({RecurringCluster.objects.filter(run=run).count():,} "
            f"clusters, {InputAnalysis.objects.filter(run=run).count():,} input rows); "
            f"{work_wall:.1f} s from start to done; peak {work['peak_mb']:.0f} MB"
        )
    for k, page in enumerate(pages, 1):
        print(
            f"  web {k}: waiting {page['stale_ms']} {page['notices']}; "
            f"then {page['fresh_ms']}; cpu {page['cpu_s']:.1f} s, peak {page['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
