"""Foundation benchmark: load_inputs of 100,000 rows, and archive search with facets over HTTP.

Runs against a fresh database: SQLite in a temporary folder by default, or the PostgreSQL
server named by DATABASE_URL (e.g. `bash scripts/with-postgres.sh .venv/bin/python benchmarks/bench_archive.py`).
Search is timed server-side (Server-Timing header) over real HTTP on loopback, for a fixed query
set, and compared with a naive `icontains` scan over the same requests.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "",
    "barnehagen",
    "anonyme søknader",
    "tolk",
    "innvandrerorganisasjonene",
    "arbeid",
    "bolig startlån",
    "norskopplæring",
    "diskriminering",
    "møteplass",
    "NAV",
    "fagbrev",
    "helse",
    "frivillighet lokaler",
    "kommunen",
    "praksisplass",
    "foreldre skole",
    "barnevern",
    "rasisme",
    "informasjon språk",
]
FILTERS = [
    "",
    "year=2017",
    "theme=arbeid",
    "kind=barriere",
    "year=2015&theme=bolig",
    "organisation_type=kommune",
]


def synthetic_rows(n: int, seed: int = 7):
    from innspill.demo.data import INPUTS, ORGANISATIONS, SESSIONS

    rng = random.Random(seed)
    words = [w for *_, t in INPUTS for w in t.rstrip(".").split()]
    for i in range(n):
        number, group, kind, theme, text = INPUTS[rng.randrange(len(INPUTS))]
        extra = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
        year = rng.choice(range(2014, 2026))
        org = ORGANISATIONS[rng.randrange(len(ORGANISATIONS))]
        yield {
            "year": year,
            "conference": f"Integreringskonferansen {year}",
            "session": SESSIONS[number - 1][1],
            "text": f"{text.rstrip('.')} {extra} ({i}).",
            "organisation_type": org[1],
            "region": org[3],
            "kind": kind,
            "theme": theme,
            "group": group,
        }


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve(app):
    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def timed_requests(base: str, paths: list[str]) -> list[float]:
    durations = []
    for path in paths:
        with urllib.request.urlopen(base + path) as response:  # noqa: S310 - loopback only
            response.read()
            header = response.headers["Server-Timing"]
            durations.append(float(header.split("dur=")[1]))
    return durations


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 rows")
    parser.add_argument("--load-only", action="store_true", help="time load_inputs, skip search")
    args = parser.parse_args()
    rows = 10_000 if args.quick else args.rows

    tmp = Path(tempfile.mkdtemp(prefix="innspill-bench-"))
    os.environ.setdefault("INNSPILL_DEV", "1")
    os.environ["INNSPILL_SERVER_TIMING"] = "1"  # the search is timed from this header
    os.environ["INNSPILL_VAR_DIR"] = str(tmp)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "innspill.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from innspill.inputs.services import inputs_load

    call_command(
        "migrate", verbosity=0
    )  # a fresh database: a temporary SQLite file or a throwaway cluster
    path = tmp / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(next(synthetic_rows(1)).keys()))
        writer.writeheader()
        writer.writerows(synthetic_rows(rows))
    print(f"database: {connection.vendor}; rows: {rows:,}; cpu cores: {os.cpu_count()}")

    start, cpu = time.perf_counter(), time.process_time()
    result = inputs_load(path=path, classify=False)
    load_s = time.perf_counter() - start
    print(
        f"load_inputs: {result.created:,} created in {load_s:.1f} s ({result.created / load_s:,.0f} rows/s, "
        f"{time.process_time() - cpu:.1f} s CPU in this process)"
    )
    start = time.perf_counter()
    again = inputs_load(path=path, classify=False)
    print(
        f"load_inputs again (idempotent): {again.created} created, {again.unchanged:,} unchanged "
        f"in {time.perf_counter() - start:.1f} s"
    )
    if args.load_only:
        return

    from innspill.archive.engine import _text_matches

    def engine_cache_clear():
        _text_matches.clear()

    server, base = serve(get_wsgi_application())
    paths = [f"/?{urllib.parse.urlencode({'q': q})}&{f}" for q in QUERIES for f in FILTERS]
    first = timed_requests(base, ["/?q=velkommen"])[0]  # builds the column index once per process
    print(f"first request (builds the in-memory column index): {first:.0f} ms")
    engine_cache_clear()
    fast = timed_requests(base, paths)

    # Naive: the same pages with the text condition as an icontains scan per word (no stemming, no
    # index). Both runs start with an empty text-match cache and both may reuse it for a query's
    # filter refinements, so the page timings compare like with like; the cold first request of
    # each text query compares the text matching itself.
    from django.db.models import Q

    from innspill.archive import engine
    from innspill.inputs import search
    from innspill.inputs.models import Input

    original = search.matching_id_list

    def naive_ids(query):
        cond = Q()
        for word in query.split():
            cond &= Q(text__icontains=word)
        return list(Input.objects.filter(cond).values_list("pk", flat=True))

    search.matching_id_list = naive_ids
    engine._text_matches.clear()
    try:
        naive = timed_requests(base, paths)
    finally:
        search.matching_id_list = original
    server.shutdown()
    print(
        f"search page with facets, {len(paths)} requests: p50 {pct(fast, 50):.1f} ms, "
        f"p95 {pct(fast, 95):.1f} ms, max {max(fast):.1f} ms"
    )
    print(
        f"naive icontains, same requests: p50 {pct(naive, 50):.1f} ms, p95 {pct(naive, 95):.1f} ms"
    )
    cold = [
        i for i, p in enumerate(paths) if "q=&" not in p and p.endswith("&")
    ]  # first per text query
    cold_fast, cold_naive = [fast[i] for i in cold], [naive[i] for i in cold]
    print(
        f"cold text queries ({len(cold)}, no filter): stemmed p50 {pct(cold_fast, 50):.1f} / "
        f"p95 {pct(cold_fast, 95):.1f} ms, icontains p50 {pct(cold_naive, 50):.1f} / "
        f"p95 {pct(cold_naive, 95):.1f} ms, ratio of means "
        f"{statistics.mean(cold_naive) / statistics.mean(cold_fast):.1f}x"
    )


if __name__ == "__main__":
    main()
