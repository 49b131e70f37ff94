"""Conference day benchmark: the placement service end to end, registrations and badges.

Run: .venv/bin/python benchmarks/bench_conference.py [--quick]

A fresh SQLite database in a temporary folder. For each case (participants × sessions in one
parallel block, skewed wishes) it times `placement_compute` — read registrations, wishes and
pins in three queries, solve, store the assignments with one bulk insert — against a naive
service that reads each registration's wishes with its own query and saves assignments one
by one (same solver), and reports the optimum against first-come-first-served. It also times
the registration service per submit and the badge PDF for the 2018-style day.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="innspill-bench-conf-"))
    os.environ.setdefault("INNSPILL_DEV", "1")
    os.environ["INNSPILL_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "innspill.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_day(n: int, sessions: int, seats: int, seed: int = 2018):
    from django.utils import timezone

    from innspill.conferences.models import Block, Conference, Session, SessionKind
    from innspill.cycles.models import Cycle
    from innspill.registrations.models import Invitation, Registration, Wish

    cycle, _ = Cycle.objects.get_or_create(year=2018, defaults={"title": "2018"})
    conference = Conference.objects.create(cycle=cycle, title=f"Dag {n}×{sessions} {seed}")
    block = Block.objects.create(conference=conference, title="Parallellblokk 1")
    items = Session.objects.bulk_create(
        Session(
            conference=conference,
            block=block,
            kind=SessionKind.PARALLEL,
            number=i + 1,
            title=f"Sesjon {i + 1}",
            capacity=seats,
        )
        for i in range(sessions)
    )
    rng = random.Random(seed)
    weights = [1 / (j + 1) ** 1.2 for j in range(sessions)]  # a few popular sessions
    invitations = Invitation.objects.bulk_create(
        Invitation(
            conference=conference,
            email=f"p{i}@example.org",
            name=f"P {i}",
            token_hash=f"{seed}-{n}-{sessions}-{i}",
        )
        for i in range(n)
    )
    now = timezone.now()
    regs = Registration.objects.bulk_create(
        Registration(
            conference=conference,
            invitation=inv,
            name=inv.name,
            organisation_name="O",
            consent_at=now,
            status="confirmed",
            badge_code=f"{seed}-{n}-{i}",
        )
        for i, inv in enumerate(invitations)
    )
    wishes = []
    for r in regs:
        chosen: list = []
        while len(chosen) < 3:
            s = rng.choices(items, weights=weights)[0]
            if s not in chosen:
                chosen.append(s)
        wishes += [
            Wish(registration=r, block=block, session=s, rank=k + 1) for k, s in enumerate(chosen)
        ]
    Wish.objects.bulk_create(wishes, batch_size=5000)
    return conference


def naive_compute(conference, staff):
    """Same solver, but one query per registration for wishes and one INSERT per assignment."""
    from innspill.analysis import placement as solver
    from innspill.registrations.models import Assignment, PlacementRun, Registration
    from innspill.registrations.services import parallel_blocks

    run = PlacementRun.objects.create(conference=conference, by=staff)
    for block, sessions in parallel_blocks(conference):
        regs = list(
            Registration.objects.filter(conference=conference, status="confirmed").order_by(
                "created_at", "id"
            )
        )
        participants = tuple(
            solver.Participant(
                id=r.pk,
                wishes=tuple(
                    r.wishes.filter(block=block)
                    .order_by("rank")
                    .values_list("session_id", flat=True)
                ),
            )
            for r in regs
        )
        problem = solver.PlacementProblem(
            sessions=tuple(solver.Session(id=s.pk, capacity=s.capacity) for s in sessions),
            participants=participants,
        )
        result = solver.solve_placement(problem)
        for pid, sid in result.assignment.items():
            Assignment.objects.create(run=run, registration_id=pid, block=block, session_id=sid)
    return run


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth.models import User

    from innspill.registrations.placement import placement_compute

    staff = User.objects.create_superuser("bench", password="x")
    # Warm-up: the one-off OR-Tools import and first solve are not the service's cost.
    placement_compute(conference=make_day(20, 3, 10, seed=0), by=staff)
    cases = (
        [(225, 8, 30), (1000, 20, 55)]
        if args.quick
        else [(225, 8, 30), (2000, 20, 110), (5000, 50, 110)]
    )
    print(
        f"{'case':>12} {'service s':>10} {'naive s':>9} {'ratio':>6} "
        f"{'1st opt':>8} {'1st fcfs':>8} {'cost opt':>9} {'cost fcfs':>9}"
    )
    for n, sessions, seats in cases:
        conference = make_day(n, sessions, seats)
        run, t_service = timed(lambda c=conference: placement_compute(conference=c, by=staff))
        _naive, t_naive = timed(lambda c=conference: naive_compute(c, staff))
        stats, fcfs = run.summary[0]["stats"], run.summary[0]["fcfs"]
        print(
            f"{f'{n}×{sessions}':>12} {t_service:10.3f} {t_naive:9.3f} {t_naive / t_service:6.1f} "
            f"{stats['first_choice_share']:8.3f} {fcfs['first_choice_share']:8.3f} "
            f"{stats['total_cost']:9d} {fcfs['total_cost']:9d}"
        )

    # The registration service, one submit at a time (as the web requests come).
    from innspill.registrations.models import Invitation
    from innspill.registrations.services import RegistrationData, registration_submit

    conference = make_day(0, 8, 30, seed=1)
    block = conference.blocks.get()
    session_ids = list(block.sessions.values_list("id", flat=True))
    invitations = Invitation.objects.bulk_create(
        Invitation(
            conference=conference, email=f"r{i}@example.org", name=f"R {i}", token_hash=f"reg-{i}"
        )
        for i in range(225)
    )
    start = time.perf_counter()
    for inv in invitations:
        registration_submit(
            invitation=inv,
            data=RegistrationData(
                name=inv.name, organisation_name="O", wishes={block.pk: session_ids[:3]}
            ),
        )
    per = (time.perf_counter() - start) / len(invitations)
    print(f"registration_submit: {per * 1000:.2f} ms per registration (225 in a row)")

    from innspill.registrations.badges import badges_pdf

    pages = 60 if args.quick else 225
    conference.registrations.exclude(
        pk__in=conference.registrations.order_by("id").values_list("id", flat=True)[:pages]
    ).update(status="waiting")
    pdf, t_pdf = timed(
        lambda: badges_pdf(
            conference=conference, url_for=lambda code: f"https://example.org/i/{code}/"
        )
    )
    print(f"badges_pdf: {pages} A6 pages with QR in {t_pdf:.2f} s ({len(pdf) // 1024} KiB)")


if __name__ == "__main__":
    main()
