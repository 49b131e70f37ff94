"""Conference-day capture under load: phones posting inputs to `/live/<code>/innspill`, walls polling.

    bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_capture.py           # 1,000 phones, 5 min
    INNSPILL_DEV=1 .venv/bin/python benchmarks/bench_capture.py --quick                    # 80 phones, 20 s

Set-up in this process: migrate (a fresh SQLite file in a temporary directory unless DATABASE_URL
is set), a conference with 8 parallel sessions, capture opened for each without moderation (so
every input goes to the wall and is classified as it arrives). Then the site runs as
`python -m innspill serve --bind 127.0.0.1:PORT --workers 2`; where that command does not exist
yet, gunicorn with two workers, else `runserver` (threaded) — the line «server:» says which.

Each phone sends 3 inputs at random moments within the run, on a fresh connection, with its own
device id. 10 % of requests are cut mid-flight — half after the whole request left (the server
may have stored it; the phone never hears), half in the middle of the body — and the phone
retries with the same client_id until it gets an answer. One poller per session does what the
wall page does — asks for the wall's part every second with the version it shows (204 while
nothing changed) — and notes when each client_id first appears. Reported: lost (sent,
acknowledged or not, but not stored), duplicated (stored more than once, or on the wall twice),
p50/p95/p99 of the answered POSTs, wall freshness (acknowledged → first seen on the wall) and
the time of one wall poll when nothing changed (204) and of wall.json.
"""

from __future__ import annotations

import argparse
import heapq
import http.client
import json
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
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CUT_SHARE = 0.10
WALL_POLL = 1.0  # as the wall page's hx-trigger


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def setup(sessions: int, env: dict[str, str]) -> list[str]:
    """Migrate, create the conference and open capture for each session; the codes."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innspill.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from innspill.capture import services
    from innspill.capture.rules import COMMAND_LINE
    from innspill.common import clock
    from innspill.conferences.models import Conference, Session, SessionKind
    from innspill.cycles.models import Cycle

    cycle, _ = Cycle.objects.get_or_create(year=clock.today().year + 60, defaults={"title": "Last"})
    conference = Conference.objects.create(
        cycle=cycle, title=f"Innspill-last {uuid.uuid4().hex[:6]}", date=clock.today()
    )
    codes = []
    for number in range(1, sessions + 1):
        session = Session.objects.create(
            conference=conference,
            kind=SessionKind.PARALLEL,
            number=number,
            title=f"Sesjon {number}",
        )
        capture = services.capture_setup(session=session, by=COMMAND_LINE)
        services.capture_open(capture=capture, by=COMMAND_LINE, moderated=False)
        codes.append(capture.code)
    return codes


def server_command(port: int, workers: int) -> tuple[list[str], str]:
    """`serve` when this branch has it, else gunicorn, else runserver."""
    from django.core.management import get_commands

    if "serve" in get_commands():
        return [
            sys.executable,
            "-m",
            "innspill",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ], "serve"
    import importlib.util

    if importlib.util.find_spec("gunicorn"):
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "innspill.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
        ], "gunicorn"
    # runserver starts a thread per request; persistent connections would outlive them.
    os.environ["DB_CONN_MAX_AGE"] = "0"
    return [
        sys.executable,
        "-m",
        "innspill",
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
    ], "runserver (no serve, no gunicorn on this branch)"


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    durations: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    cuts: int = 0
    retries: int = 0
    acked: dict[str, float] = field(default_factory=dict)  # client_id -> monotonic time of answer
    seen: dict[str, float] = field(default_factory=dict)  # client_id -> first time on the wall
    wall_twice: int = 0
    wall_polls: int = 0
    wall_unchanged: int = 0
    unanswered: set[str] = field(default_factory=set)


def post(port: int, code: str, body: dict, device: str, cut: str | None) -> tuple[int, float]:
    """One POST on a fresh connection; (status, seconds), status 0 when cut or failed."""
    payload = json.dumps(body).encode()
    head = (
        f"POST /live/{code}/innspill HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        f"X-Innspill-Device: {device}\r\nConnection: close\r\n\r\n"
    ).encode()
    started = time.perf_counter()
    if cut:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                if cut == "body":
                    s.sendall(head + payload[: len(payload) // 2])
                else:
                    s.sendall(head + payload)
                    time.sleep(0.005)
        except OSError:
            pass
        return 0, 0.0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "POST",
            f"/live/{code}/innspill",
            body=payload,
            headers={"Content-Type": "application/json", "X-Innspill-Device": device},
        )
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except OSError:
        return 0, 0.0
    finally:
        conn.close()


def run_phones(port: int, codes: list[str], phones: int, per_phone: int, seconds: float, seed: int):
    rng = random.Random(seed)
    results = Results()
    start = time.monotonic() + 0.5
    jobs: list[tuple[float, int, dict]] = []
    for phone in range(phones):
        code = codes[phone % len(codes)]
        device = uuid.UUID(int=rng.getrandbits(128)).hex
        for n in range(per_phone):
            body = {
                "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "text": f"Telefon {phone} sier {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                "group": rng.choice(["Barrierer", "Tiltak", ""]),
            }
            jobs.append(
                (
                    start + rng.uniform(0, seconds),
                    len(jobs),
                    {"code": code, "device": device, "body": body},
                )
            )
            results.unanswered.add(body["client_id"])
    heapq.heapify(jobs)
    # Every loop here ends by itself: retries stop at this moment (what is left counts as unanswered).
    hard_stop = start + 3 * seconds + 120
    heap_lock = threading.Lock()
    done = threading.Event()

    def worker():
        local = random.Random(threading.get_ident())
        while True:
            with heap_lock:
                if not jobs or time.monotonic() > hard_stop:
                    return
                at, order, job = heapq.heappop(jobs)
            delay = at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            cut = None
            if local.random() < CUT_SHARE:
                cut = local.choice(["response", "body"])
            status, took = post(port, job["code"], job["body"], job["device"], cut)
            with results.lock:
                if cut:
                    results.cuts += 1
                if status in (200, 201):
                    results.durations.append(took)
                    results.acked.setdefault(job["body"]["client_id"], time.monotonic())
                    results.unanswered.discard(job["body"]["client_id"])
                if status:
                    results.statuses[status] += 1
            if status not in (200, 201):
                with results.lock:
                    results.retries += 1
                with heap_lock:  # the phone tries again with the same client_id
                    heapq.heappush(jobs, (time.monotonic() + local.uniform(0.2, 1.0), order, job))

    def poll_wall(code: str):
        """What the wall page does: ask for its part every second with the version it shows."""
        version = "-1"
        while not done.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", f"/live/{code}/vegg/innhold?v={version}")
                response = conn.getresponse()
                html = response.read().decode()
                status = response.status
            except (OSError, http.client.HTTPException):
                status, html = 0, ""
            finally:
                conn.close()
            if status == 200:
                now = time.monotonic()
                version = re.search(r"\?v=(\d+)", html).group(1)
                ids = re.findall(r'data-client-id="([^"]+)"', html)
                with results.lock:
                    results.wall_polls += 1
                    results.wall_twice = max(results.wall_twice, len(ids) - len(set(ids)))
                    for client_id in ids:
                        results.seen.setdefault(client_id, now)
            elif status == 204:
                with results.lock:
                    results.wall_polls += 1
                    results.wall_unchanged += 1
            time.sleep(WALL_POLL)

    walls = [threading.Thread(target=poll_wall, args=(c,), daemon=True) for c in codes]
    for t in walls:
        t.start()
    # Enough threads that a phone's moment is kept even while other requests wait on the server.
    with ThreadPoolExecutor(max_workers=min(64, phones)) as pool:
        for _ in range(min(64, phones)):
            pool.submit(worker)
    time.sleep(2 * WALL_POLL + 1)  # the walls' last look
    done.set()
    for t in walls:
        t.join(timeout=10)
    return results


def poll_cost(port: int, code: str, n: int = 200) -> dict[str, float]:
    """Median/p95 ms of the wall's unchanged poll (204), its redraw, and of wall.json."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"/live/{code}/wall.json")
    version = json.loads(conn.getresponse().read())["version"]
    out = {}
    for name, path in (
        ("wall_poll_204_ms", f"/live/{code}/vegg/innhold?v={version}"),
        ("wall_part_200_ms", f"/live/{code}/vegg/innhold?v=-1"),
        ("wall_json_ms", f"/live/{code}/wall.json"),
    ):
        times = []
        for _ in range(n):
            # a new connection each time: runserver keeps no connection alive after a 204
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.perf_counter()
            conn.request("GET", path)
            conn.getresponse().read()
            times.append((time.perf_counter() - started) * 1000)
            conn.close()
        out[name] = round(pct(times, 50), 2)
        out[name.replace("_ms", "_p95_ms")] = round(pct(times, 95), 2)
    conn.close()
    return out


def diagnose(exc: Exception) -> None:
    """What the database connections were doing when the server stopped answering."""
    from django.db import connection

    print(f"the server did not answer: {exc!r}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT state, wait_event_type, wait_event, left(query, 100)"
                " FROM pg_stat_activity WHERE datname = current_database()"
            )
            for row in cursor.fetchall():
                print("  ", row)


WORDS = [
    "norskopplæring",
    "tolk",
    "arbeidspraksis",
    "bolig",
    "frivillighet",
    "barnehage",
    "helsetjenesten",
    "mentor",
    "kvalifisering",
    "nettverk",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="80 phones in 20 s")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--inputs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    if args.quick:
        args.phones, args.seconds = 80, 20.0

    var = tempfile.mkdtemp(prefix="bench-capture-")
    env = {
        "INNSPILL_DEV": "1",
        "INNSPILL_VAR_DIR": var,
        "INNSPILL_WARM_ON_START": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    codes = setup(args.sessions, env)
    from django.db import connection

    database = connection.vendor
    connection.close()
    port = free_port()
    command, kind = server_command(port, args.workers)
    server = subprocess.Popen(  # noqa: S603 - our own command on loopback
        command,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        # Not a pipe nobody reads: a full pipe blocks every worker's next log line.
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        cwd=ROOT,
    )
    try:
        ready = time.monotonic() + 120
        while time.monotonic() < ready:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", f"/live/{codes[0]}/wall.json")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise SystemExit("the server did not start")
        # One accepted input first, so the classifier is loaded in the workers before timing.
        for code in codes[: args.workers * 2]:
            post(port, code, {"client_id": str(uuid.uuid4()), "text": "Oppvarming"}, "warm", None)
        print(f"server: {kind}, {args.workers} workers, database {database}")
        started = time.perf_counter()
        results = run_phones(port, codes, args.phones, args.inputs, args.seconds, args.seed)
        elapsed = time.perf_counter() - started
        try:
            costs = poll_cost(port, codes[0])
        except OSError as exc:
            diagnose(exc)
            costs = {}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    from innspill.capture.models import Submission
    from innspill.inputs.models import Input

    sent = args.phones * args.inputs
    stored = Counter(
        str(c)
        for c in Submission.objects.filter(capture__code__in=codes)
        .exclude(text="Oppvarming")
        .values_list("client_id", flat=True)
    )
    texts = Counter(
        Input.objects.filter(session__capture__code__in=codes)
        .exclude(text="Oppvarming")
        .values_list("text", flat=True)
    )
    lost = sent - len(stored)
    duplicated = sum(n - 1 for n in stored.values()) + sum(n - 1 for n in texts.values())
    freshness = [results.seen[c] - results.acked[c] for c in results.acked if c in results.seen]
    never_on_wall = len([c for c in results.acked if c not in results.seen])
    figures = {
        "server": kind,
        "database": database,
        "phones": args.phones,
        "sessions": args.sessions,
        "inputs_sent": sent,
        "seconds": round(elapsed, 1),
        "requests_cut": results.cuts,
        "retries": results.retries,
        "statuses": dict(results.statuses),
        "lost": lost,
        "unanswered_at_end": len(results.unanswered),
        "duplicated": duplicated,
        "on_wall_twice": results.wall_twice,
        "never_on_wall": never_on_wall,
        "wall_polls": results.wall_polls,
        "wall_polls_unchanged_204": results.wall_unchanged,
        "post_p50_ms": round(pct(results.durations, 50) * 1000, 1),
        "post_p95_ms": round(pct(results.durations, 95) * 1000, 1),
        "post_p99_ms": round(pct(results.durations, 99) * 1000, 1),
        "wall_freshness_p95_s": round(pct(freshness, 95), 2),
        "wall_freshness_max_s": round(max(freshness, default=float("nan")), 2),
        **costs,
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    if lost or duplicated or results.wall_twice:
        raise SystemExit("inputs lost or duplicated")


if __name__ == "__main__":
    main()
