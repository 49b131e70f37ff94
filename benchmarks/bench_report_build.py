"""Report builder benchmark: drafting the conference report from the database, and publishing.

Run: .venv/bin/python benchmarks/bench_report_build.py [--quick]

A fresh SQLite database in a temporary folder with one cycle at realistic scale (8 parallel
sessions × 40 inputs under 5 group headings, classified by theme, 8 closing summaries and
imported evaluation figures). It times `report_draft` — the sessions' inputs with one
prefetch, tips drafted with `representative` per theme, the evaluation — against a naive
drafting that walks the inputs and follows each one's session and theme foreign keys (one
query each), and counts the queries of both. Then it times `report_version_publish` (HTML,
tagged PDF and DOCX rendered, hashed and stored frozen) and reports the PDF page count.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 8
INPUTS_PER_SESSION = 40
GROUPS = ["Arbeid", "Språk", "Utdanning", "Bolig", "Frivillighet"]
WORDS = (
    "norskopplæring arbeidsplassen praksisplass kommunene frivillige organisasjoner samarbeid "
    "kvalifisering introduksjonsprogrammet fagbrev bolig barnehage skole foreldre mentor "
    "arbeidsgivere rekruttering språkpraksis møteplasser lokalsamfunn helse informasjon"
).split()


def setup_django() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="innspill-bench-report-"))
    os.environ.setdefault("INNSPILL_DEV", "1")
    os.environ["INNSPILL_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "innspill.settings"
    os.environ["INNSPILL_TASKS_EAGER"] = "1"  # the publish task runs here, timed, not in a worker
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_cycle(year: int):
    import random

    from innspill.conferences.models import Conference, Session, SessionKind, Summary
    from innspill.cycles.models import Cycle
    from innspill.cycles.services import evaluation_result_store
    from innspill.documents.model import Figure
    from innspill.inputs.models import Input, Origin, Theme

    rng = random.Random(year)
    themes = list(Theme.objects.order_by("position")[:6])
    cycle = Cycle.objects.create(year=year, title=f"Integreringskonferansen {year}")
    conference = Conference.objects.create(
        cycle=cycle, title="Integreringskonferansen", venue="Oslo", participants=240
    )
    rows = []
    for number in range(1, SESSIONS + 1):
        session = Session.objects.create(
            conference=conference,
            kind=SessionKind.PARALLEL,
            number=number,
            title=f"Hvordan styrke samarbeidet i sesjon {number}?",
            leader_name="Kari Nordmann",
            leader_role="statssekretær",
            questions=["Hva virker?", "Hva bør endres?"],
        )
        Summary.objects.create(
            conference=conference,
            session=session,
            leader_name="Kari Nordmann",
            position=number,
            items=["Deltakerne pekte på samarbeid.", "Språk er nøkkelen."],
        )
        for position in range(INPUTS_PER_SESSION):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize()
            rows.append(
                Input(
                    text=f"{text}.",
                    cycle=cycle,
                    year=year,
                    conference=conference,
                    session=session,
                    origin=Origin.SESSION,
                    group_heading=GROUPS[position * len(GROUPS) // INPUTS_PER_SESSION],
                    theme=rng.choice(themes),
                    position=position,
                    fingerprint=f"bench-{year}-{number}-{position}",
                )
            )
    Input.objects.bulk_create(rows)
    evaluation_result_store(
        cycle=cycle,
        source="import",
        figures=[
            Figure("response_rate", value=41),
            Figure("satisfied", value=92),
            Figure("satisfied", "talks", min=73, max=88),
            Figure("satisfied", "sessions", value=76, sessions=[1, 2, 3, 4]),
            Figure("satisfied", "sessions", value=81, sessions=[5, 6, 7, 8]),
            Figure("attend_next_year", value=90),
        ],
        suggestions=["Mer tid til sesjonene", "Flere fra innvandrerorganisasjonene"],
    )
    return cycle


def naive_sessions(cycle):
    """Per input, its session and theme through lazy foreign keys (what a first draft does)."""
    from innspill.inputs.models import Input

    sessions: dict[int, list[tuple[str, str]]] = {}
    themes: dict[str, list[str]] = {}
    for item in Input.objects.filter(cycle=cycle, status="published").order_by("position", "id"):
        if item.session is not None:
            sessions.setdefault(item.session.number, []).append((item.group_heading, item.text))
        if item.theme is not None:
            themes.setdefault(item.theme.name, []).append(item.text)
    return sessions, themes


def timed(func, repeat: int):
    from django.db import connection, reset_queries

    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
        queries = len(connection.queries)
    return statistics.median(times), queries, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import User

    from innspill.reports import selectors, services

    settings.DEBUG = True  # record queries
    repeat = 1 if args.quick else 3
    user = User.objects.create(username="bench", is_superuser=True)
    cycle = make_cycle(2030)
    n_inputs = SESSIONS * INPUTS_PER_SESSION
    print(f"cycle: {SESSIONS} sessions × {INPUTS_PER_SESSION} inputs = {n_inputs} inputs")

    ours_t, ours_q, _ = timed(lambda: selectors.conference_report_data(cycle), repeat)
    naive_t, naive_q, _ = timed(lambda: naive_sessions(cycle), repeat)
    print(f"draft data (ours, prefetch + representative tips): {ours_t:.3f} s, {ours_q} queries")
    print(f"naive walk (lazy session/theme per input, no tips): {naive_t:.3f} s, {naive_q} queries")

    draft_t, draft_q, report = timed(
        lambda: services.report_draft(cycle=cycle, report_type="conference", by=user), repeat
    )
    print(f"report_draft (data, build, serialise, save): {draft_t:.3f} s, {draft_q} queries")

    settings.DEBUG = False
    start, cpu = time.perf_counter(), time.process_time()
    version = services.report_version_publish(report=report, revision=report.revision, by=user)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"publish (HTML + tagged PDF + DOCX, hashed, stored): {wall:.2f} s wall, {cpu:.2f} s CPU,"
        f" {version.pdf_pages} PDF pages, PDF {len(version.pdf) // 1024} kB,"
        f" DOCX {len(version.docx) // 1024} kB"
    )


if __name__ == "__main__":
    main()
