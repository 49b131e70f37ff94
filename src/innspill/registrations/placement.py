"""Placement service: builds one problem per parallel block, solves it, stores and publishes it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from innspill.accounts.roles import require
from innspill.analysis import placement as solver
from innspill.common import clock
from innspill.common.models import audit
from innspill.conferences.models import Conference, Session
from innspill.registrations.models import Assignment, Pin, PlacementRun, Registration, Wish
from innspill.registrations.services import mail_to_invitee, parallel_blocks


def _stats(stats: solver.PlacementStats) -> dict[str, Any]:
    return {
        "rank_counts": stats.rank_counts,
        "first_choice_share": stats.first_choice_share,
        "wish_share": stats.wish_share,
        "total_cost": stats.total_cost,
        "placed": stats.placed,
        "unplaced": stats.unplaced,
        "balance_penalty": stats.balance_penalty,
    }


def placement_problems(
    *, conference: Conference, balance: solver.Balance | None = None
) -> list[tuple[Any, list, solver.PlacementProblem]]:
    """(block, sessions, problem) per parallel block, participants in registration order."""
    registrations = list(
        Registration.objects.filter(
            conference=conference, status=Registration.Status.CONFIRMED
        ).order_by("created_at", "id")
    )
    wishes: dict[tuple[int, int], list[int]] = {}
    for w in Wish.objects.filter(registration__conference=conference).order_by("rank"):
        wishes.setdefault((w.registration_id, w.block_id), []).append(w.session_id)
    pins = {
        (p.registration_id, p.block_id): p.session_id
        for p in Pin.objects.filter(registration__conference=conference)
    }
    out = []
    for block, sessions in parallel_blocks(conference):
        problem = solver.PlacementProblem(
            sessions=tuple(solver.Session(id=s.pk, capacity=s.capacity or 0) for s in sessions),
            participants=tuple(
                solver.Participant(
                    id=r.pk,
                    wishes=tuple(wishes.get((r.pk, block.pk), ())),
                    organisation_type=r.organisation_type or None,
                    region=r.region or None,
                    pinned=pins.get((r.pk, block.pk)),
                )
                for r in registrations
            ),
            balance=balance or solver.Balance(),
        )
        out.append((block, sessions, problem))
    return out


def placement_compute(
    *, conference: Conference, by: Any, balance: solver.Balance | None = None
) -> PlacementRun:
    """Solve every parallel block and store the result as a new (unpublished) run."""
    require(by, "conference.manage")
    summary = []
    rows: list[Assignment] = []
    problems = placement_problems(conference=conference, balance=balance)
    with transaction.atomic():
        run = PlacementRun.objects.create(
            conference=conference,
            by=by if getattr(by, "is_authenticated", False) else None,
            balance={
                "organisation_type": (balance or solver.Balance()).organisation_type,
                "region": (balance or solver.Balance()).region,
            },
        )
        for block, sessions, problem in problems:
            result = solver.solve_placement(problem)
            titles = {s.pk: str(s) for s in sessions}
            ranks = {
                p.id: {sid: k for k, sid in enumerate(p.wishes, start=1)}
                for p in problem.participants
            }
            summary.append(
                {
                    "block": block.pk,
                    "title": block.title,
                    "stats": _stats(result.stats),
                    "fcfs": _stats(result.fcfs),
                    "without_balance": _stats(result.without_balance)
                    if result.without_balance
                    else None,
                    "sessions": [
                        {
                            "id": f.id,
                            "title": titles[f.id],
                            "capacity": f.capacity,
                            "assigned": f.assigned,
                            "pinned": f.pinned,
                            "fill_rate": f.fill_rate,
                            "first_wish_demand": f.first_wish_demand,
                        }
                        for f in result.sessions
                    ],
                    "unplaced": list(result.unplaced),
                    "message": result.message or "",
                }
            )
            rows.extend(
                Assignment(
                    run=run,
                    registration_id=pid,
                    block=block,
                    session_id=sid,
                    rank=ranks[pid].get(sid),
                )
                for pid, sid in result.assignment.items()
            )
        Assignment.objects.bulk_create(rows)
        run.summary = summary
        run.save(update_fields=["summary"])
    audit(action="placement.compute", target=str(conference.pk), details={"run": run.pk}, by=by)
    return run


def placement_pin(*, registration: Registration, session: Session, by: Any) -> Pin:
    """Pin a participant to a session of its block, replacing an earlier pin there; audited.

    The next `placement_compute` places them there whatever their wishes.
    """
    require(by, "conference.manage")
    if session.block_id is None or session.conference_id != registration.conference_id:
        raise ValueError("a pin needs a parallel session of the participant's conference")
    pin, _created = Pin.objects.update_or_create(
        registration=registration, block_id=session.block_id, defaults={"session": session}
    )
    audit(
        action="placement.pin",
        target=str(registration.pk),
        details={"session": session.pk, "block": session.block_id},
        by=by,
    )
    return pin


def placement_publish(*, run: PlacementRun, by: Any) -> int:
    """Publish a run: participants see their sessions and get an e-mail. Returns e-mails sent."""
    require(by, "conference.manage")
    now = clock.now()
    with transaction.atomic():
        PlacementRun.objects.filter(conference=run.conference, published_at__isnull=False).update(
            published_at=None
        )
        run.published_at = now
        run.save(update_fields=["published_at"])
        Conference.objects.filter(pk=run.conference_id).update(placement_published_at=now)
        run.conference.placement_published_at = now
        per_person: dict[int, list[Assignment]] = {}
        # Someone who cancelled between computing and publishing gets no e-mail.
        confirmed = run.assignments.filter(registration__status=Registration.Status.CONFIRMED)
        for a in confirmed.select_related(
            "session", "registration__invitation__conference"
        ).order_by("block__position", "block_id"):
            per_person.setdefault(a.registration_id, []).append(a)
        for assignments in per_person.values():
            registration = assignments[0].registration
            mail_to_invitee(
                template="placement",
                invitation=registration.invitation,
                registration=registration,
                sessions=[a.session for a in assignments],
            )
        audit(
            action="placement.publish",
            target=str(run.conference_id),
            details={"run": run.pk},
            by=by,
        )
    return len(per_person)


def stale_count(run: PlacementRun) -> int:
    """Confirmed registrations that the run does not cover (registered or promoted after it)."""
    return (
        Registration.objects.filter(
            conference_id=run.conference_id, status=Registration.Status.CONFIRMED
        )
        .exclude(assignments__run=run)
        .count()
    )


def published_assignments(registration: Registration) -> list[Assignment]:
    return list(
        Assignment.objects.filter(registration=registration, run__published_at__isnull=False)
        .select_related("session", "block")
        .order_by("block__position", "block_id")
    )
