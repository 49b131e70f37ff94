"""Load test of `python -m innspill serve` on loopback: visitors searching and 50 registering at once.

Needs PostgreSQL (the production database):
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_load.py            # 100,000 inputs, 60 s
    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_load.py --quick    # 10,000 inputs, 15 s

Set-up: migrate, load synthetic inputs with `load_inputs`, let the task worker store the shared
analysis, create a conference with one invitation per registering visitor. Then `serve` runs
(gunicorn web workers + the task worker) and this process plays the visitors, each a thread with
its own keep-alive connection and a think time between pages, for a fixed time; every loop is
bounded by that time and stops by itself. Browsing visitors search, filter and open input pages;
registering visitors open their invitation, register with ranked wishes, then change their
wishes again and again. Reported: requests/s, p50/p95/p99 by kind, errors, and the CPU seconds
and peak memory (RSS) of each server process.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_archive import FILTERS, QUERIES, pct, synthetic_rows  # noqa: E402

THINK = (1.0, 4.0)  # seconds between one visitor's pages, uniformly drawn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup(rows: int, registering: int, env: dict[str, str]) -> tuple[list[int], list[str]]:
    """Load the archive and the conference in this process; (input ids, invitation tokens)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innspill.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from innspill.inputs.models import Input, Kind, Theme

    if not Theme.objects.exists() or not Kind.objects.exists():
        raise SystemExit("vocabulary missing after migrate")
    if Input.objects.count() < rows:
        import csv

        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
            writer = None
            for row in synthetic_rows(rows):
                if writer is None:
                    writer = csv.DictWriter(f, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
        started = time.perf_counter()
        call_command("load_inputs", f.name, verbosity=0)
        print(f"load_inputs {rows:,} rows: {time.perf_counter() - started:.1f} s")
        os.unlink(f.name)

    from innspill.common import clock
    from innspill.conferences.models import Block, Conference, Session, SessionKind
    from innspill.cycles.models import Cycle
    from innspill.registrations.services import invitation_create

    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    day = clock.today() + __import__("datetime").timedelta(days=30)
    cycle, _ = Cycle.objects.get_or_create(year=day.year + 50, defaults={"title": "Last"})
    conference = Conference.objects.create(
        cycle=cycle,
        title=f"Lasttest {clock.now():%H%M%S%f}",
        date=day,
        venue="Loopback",
        capacity=registering * 2,
    )
    block = Block.objects.create(conference=conference, title="Parallellsesjoner", position=1)
    for number in range(1, 9):
        Session.objects.create(
            conference=conference,
            kind=SessionKind.PARALLEL,
            number=number,
            title=f"Sesjon {number}",
            capacity=registering,
            block=block,
        )
    tokens = []
    for i in range(registering):
        _invitation, token = invitation_create(
            conference=conference,
            email=f"last{i}@example.org",
            name=f"Last {i}",
            organisation_name="Lasttest",
            base_url="http://127.0.0.1",
            by=admin,
        )
        tokens.append(token)
    ids = list(Input.objects.values_list("pk", flat=True))
    return ids, tokens


@dataclass
class Tally:
    durations: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int, path: str) -> None:
        with self.lock:
            self.durations.setdefault(kind, []).append(seconds)
            if status >= 400 and not (kind == "input" and status == 404):
                self.errors.append(f"{status} {path}")


class Visitor:
    def __init__(self, port: int, tally: Tally, deadline: float, rng: random.Random):
        self.port, self.tally, self.deadline, self.rng = port, tally, deadline, rng
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, body: dict | None = None) -> str:
        headers = {"Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.tally.add(kind, time.perf_counter() - started, 599, f"{path} {exc!r}")
            self.conn = None
            return ""
        self.tally.add(kind, time.perf_counter() - started, response.status, path)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return text

    def think(self) -> bool:
        pause = self.rng.uniform(*THINK)
        if time.monotonic() + pause >= self.deadline:
            return False
        time.sleep(pause)
        return True


def browse(visitor: Visitor, ids: list[int]) -> None:
    rng = visitor.rng
    while visitor.think():
        query = rng.choice(QUERIES)
        filt = rng.choice(FILTERS)
        params = "&".join(p for p in (f"q={urllib.parse.quote(query)}" if query else "", filt) if p)
        visitor.request("search", "GET", "/" + (f"?{params}" if params else ""))
        if not visitor.think():
            return
        visitor.request("input", "GET", f"/innspill/{rng.choice(ids)}/")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WISH = re.compile(r'name="(wish_\d+_\d)"')
OPTION = re.compile(r'<option value="(\d+)"')


def register(visitor: Visitor, token: str) -> None:
    rng = visitor.rng
    path = f"/deltaker/i/{token}/"
    while visitor.think():
        page = visitor.request("register", "GET", path + "?endre=1")
        csrf = CSRF.search(page)
        names = sorted(set(WISH.findall(page)))
        sessions = sorted(set(OPTION.findall(page)), key=int)
        if not csrf or not names or not sessions:
            with visitor.tally.lock:
                visitor.tally.errors.append(f"no form at {path}")
            return
        chosen = rng.sample(sessions, len(names))
        body = {
            "csrfmiddlewaretoken": csrf.group(1),
            "name": "Last",
            "organisation_name": "Lasttest",
            "organisation_type": "innvandrerorganisasjon",
            "region": "oslo",
            "consent": "on",
            **dict(zip(names, chosen, strict=True)),
        }
        if not visitor.think():
            return
        visitor.request("register", "POST", path, body)


def sample_processes(root_pid: int, stop: threading.Event, peaks: dict, cpu: dict) -> None:
    import psutil

    root = psutil.Process(root_pid)
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for proc in procs:
            try:
                with proc.oneshot():
                    name = " ".join(proc.cmdline()[1:4])[-60:]
                    key = (proc.pid, name)
                    peaks[key] = max(peaks.get(key, 0), proc.memory_info().rss)
                    times = proc.cpu_times()
                    cpu[key] = times.user + times.system
            except psutil.NoSuchProcess:
                continue
        stop.wait(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--browsers", type=int, default=200)
    parser.add_argument("--registering", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--task-workers",
        type=int,
        default=1,
        help="task workers beside the web (0: measure the web alone, no clustering meanwhile)",
    )
    parser.add_argument("--quick", action="store_true", help="10,000 inputs, 15 s")
    parser.add_argument(
        "--setup-only", action="store_true", help="load the inputs into DATABASE_URL and stop"
    )
    args = parser.parse_args()
    if args.quick:
        args.rows, args.seconds = 10_000, 15
    if not (os.environ.get("DATABASE_URL") or "").startswith("postgres"):
        if args.quick:
            print("bench_load: PostgreSQL needed (run under scripts/with-postgres.sh); skipped")
            return
        raise SystemExit("run under scripts/with-postgres.sh: the load test is for PostgreSQL")
    var = tempfile.mkdtemp(prefix="innspill-load-")
    env = {
        "INNSPILL_DEV": "1",
        "INNSPILL_VAR_DIR": var,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Every simulated visitor comes from 127.0.0.1; per-address limits would turn the
        # 250 visitors into one. The limits are measured by their own tests.
        "INNSPILL_RATE_LIMITS": "false",
    }
    ids, tokens = setup(args.rows, args.registering, env)
    if args.setup_only:
        return
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command on loopback
        [
            sys.executable,
            "-m",
            "innspill",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--task-workers",
            str(args.task_workers),
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        # Not a pipe nobody reads: a full pipe blocks every worker's next log line.
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        ready = time.monotonic() + 120
        while time.monotonic() < ready:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit("serve did not start")
        warm = Visitor(port, Tally(), time.monotonic() + 900, random.Random(0))
        warm.request("warm", "GET", "/gar-igjen/")
        waited = time.perf_counter()
        # With a task worker, let it store the shared analysis for this data version first.
        while args.task_workers and (
            "Oppdateres" in warm.request("warm", "GET", "/gar-igjen/")
            or "beregnes" in warm.request("warm", "GET", "/gar-igjen/")
        ):
            if time.perf_counter() - waited > 900:
                break
            time.sleep(2)
        print(f"ready after {time.perf_counter() - waited:.1f} s")

        tally = Tally()
        stop = threading.Event()
        peaks: dict = {}
        cpu_after: dict = {}
        import psutil

        def cpu_now() -> dict:
            out = {}
            for proc in [psutil.Process(server.pid), *psutil.Process(server.pid).children(True)]:
                times = proc.cpu_times()
                out[proc.pid] = times.user + times.system
            return out

        cpu_before = cpu_now()
        sampler = threading.Thread(
            target=sample_processes, args=(server.pid, stop, peaks, cpu_after), daemon=True
        )
        sampler.start()
        deadline = time.monotonic() + args.seconds
        threads = []
        for i in range(args.browsers):
            v = Visitor(port, tally, deadline, random.Random(i))
            threads.append(threading.Thread(target=browse, args=(v, ids), daemon=True))
        for i, token in enumerate(tokens):
            v = Visitor(port, tally, deadline, random.Random(10_000 + i))
            threads.append(threading.Thread(target=register, args=(v, token), daemon=True))
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - started
        stop.set()
        sampler.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    every = [d for ds in tally.durations.values() for d in ds]
    print(
        f"\n{args.rows:,} inputs, {args.browsers} browsing + {args.registering} registering "
        f"visitors, {elapsed:.0f} s, think time {THINK[0]:.0f}–{THINK[1]:.0f} s"
    )
    print(f"requests {len(every):,}  ({len(every) / elapsed:.1f}/s)  errors {len(tally.errors)}")
    print("kind       n      p50 ms   p95 ms   p99 ms")
    for kind, ds in sorted(tally.durations.items()):
        ms = [d * 1000 for d in ds]
        print(f"{kind:<9}{len(ms):>6}{pct(ms, 50):>10.1f}{pct(ms, 95):>9.1f}{pct(ms, 99):>9.1f}")
    ms = [d * 1000 for d in every]
    print(f"{'all':<9}{len(ms):>6}{pct(ms, 50):>10.1f}{pct(ms, 95):>9.1f}{pct(ms, 99):>9.1f}")
    print("\nserver processes: CPU s during the run, peak RSS MB")
    for (pid, name), peak in sorted(peaks.items()):
        used = cpu_after.get((pid, name), 0) - cpu_before.get(pid, 0)
        print(f"  {pid:>7} {name:<60} {used:>7.1f} {peak / 2**20:>8.0f}")
    web = [p for (pid, name), p in peaks.items() if "innspill.wsgi" in name or "gunicorn" in name]
    web_total = sum(web)
    print(f"web processes' peak RSS together: {web_total / 2**20:.0f} MB")
    for line in tally.errors[:10]:
        print("  error:", line)


if __name__ == "__main__":
    main()
