"""A registration's life after it is made: cancelling, the waiting list moving up, substitutes.

Before placement is published a free seat is a seat at the conference: the first on the waiting
list gets it. After publication it is also a seat in a parallel session: the waiting list's
first who wished for a session with a free seat gets it (else whoever fits the free seats best
by the optimiser's own wish cost), and is seated in the published run at once. Every change to
a published placement is kept as a `PlacementChange` and audited; e-mails leave after commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.analysis.placement import seat_cost
from innspill.common import clock
from innspill.common.models import audit
from innspill.conferences.models import Block, Conference, Session
from innspill.registrations.models import (
    Assignment,
    Invitation,
    Pin,
    PlacementChange,
    PlacementRun,
    Registration,
    Wish,
)
from innspill.registrations.placement import published_assignments
from innspill.registrations.services import (
    has_room,
    mail_to_invitee,
    new_link_secret,
    parallel_blocks,
)


class SubstituteError(ValueError):
    """The substitute cannot take the seat (the message says why, for the form)."""


def _staff(by: Any) -> Any:
    """`by` is a staff member acting for a participant, or None for the participant's own link."""
    if by is not None:
        require(by, "conference.manage")
    return by if getattr(by, "is_authenticated", False) else None


def _published_run(conference: Conference) -> PlacementRun | None:
    return PlacementRun.objects.filter(conference=conference, published_at__isnull=False).first()


@dataclass
class _Program:
    """The published run's blocks with each session's free seats (confirmed people only)."""

    run: PlacementRun
    blocks: list[tuple[Block, list[Session]]]
    free: dict[int, int]  # session id → free seats

    @classmethod
    def load(cls, run: PlacementRun) -> _Program:
        blocks = parallel_blocks(run.conference)
        taken: dict[int, int] = {}
        for session_id in Assignment.objects.filter(
            run=run, registration__status=Registration.Status.CONFIRMED
        ).values_list("session_id", flat=True):
            taken[session_id] = taken.get(session_id, 0) + 1
        free = {
            s.pk: max(0, (s.capacity or 0) - taken.get(s.pk, 0))
            for _block, sessions in blocks
            for s in sessions
        }
        return cls(run=run, blocks=blocks, free=free)

    def every_block_has_a_seat(self) -> bool:
        return all(any(self.free[s.pk] for s in sessions) for _b, sessions in self.blocks)

    def best_seat(
        self, wishes: list[int], sessions: list[Session], prefer: set[int]
    ) -> Session | None:
        """The free session of a block that costs the optimiser least; a just-freed seat on ties."""
        open_sessions = [s for s in sessions if self.free[s.pk]]
        if not open_sessions:
            return None
        return min(
            open_sessions,
            key=lambda s: (
                seat_cost(wishes, s.pk, len(sessions)),
                s.pk not in prefer,
                s.number or 0,
                s.pk,
            ),
        )

    def cost(self, wishes: dict[int, list[int]], prefer: set[int]) -> int:
        total = 0
        for block, sessions in self.blocks:
            seat = self.best_seat(wishes.get(block.pk, []), sessions, prefer)
            if seat is not None:
                total += seat_cost(wishes.get(block.pk, []), seat.pk, len(sessions))
        return total


def _wishes_by_block(registrations: list[Registration]) -> dict[int, dict[int, list[int]]]:
    out: dict[int, dict[int, list[int]]] = {}
    for w in Wish.objects.filter(registration__in=registrations).order_by("rank"):
        out.setdefault(w.registration_id, {}).setdefault(w.block_id, []).append(w.session_id)
    return out


def _choose(queue: list[Registration], program: _Program, prefer: set[int]) -> Registration:
    """The first in the queue who wished for a seat now free, else the best fit by wish cost."""
    wishes = _wishes_by_block(queue)
    free_now = {sid for sid, n in program.free.items() if n}
    wanted = prefer & free_now or free_now
    for registration in queue:
        chosen = {s for by_block in wishes.get(registration.pk, {}).values() for s in by_block}
        if chosen & wanted:
            return registration
    return min(
        queue,
        key=lambda r: (program.cost(wishes.get(r.pk, {}), prefer), queue.index(r)),
    )


def _seat(
    *,
    registration: Registration,
    program: _Program,
    prefer: set[int],
    reason: str,
    by: Any,
) -> list[Session]:
    """Seat the registration in every block of the published run where it has no seat yet."""
    wishes = _wishes_by_block([registration]).get(registration.pk, {})
    have = set(
        Assignment.objects.filter(run=program.run, registration=registration).values_list(
            "block_id", flat=True
        )
    )
    seated = []
    for block, sessions in program.blocks:
        if block.pk in have:
            continue
        block_wishes = wishes.get(block.pk, [])
        session = program.best_seat(block_wishes, sessions, prefer)
        if session is None:
            continue
        rank = block_wishes.index(session.pk) + 1 if session.pk in block_wishes else None
        Assignment.objects.create(
            run=program.run, registration=registration, block=block, session=session, rank=rank
        )
        PlacementChange.objects.create(
            run=program.run,
            registration=registration,
            block=block,
            session_to=session,
            reason=reason,
            by=by,
        )
        program.free[session.pk] -= 1
        seated.append(session)
    return seated


def _promote_one(
    conference: Conference, *, program: _Program | None, prefer: set[int], by: Any
) -> Registration | None:
    """Move one registration from the waiting list to a seat, if there is one for them."""
    if not has_room(conference):
        return None
    queue = list(
        Registration.objects.select_for_update()
        .select_related("invitation", "invitation__conference")
        .filter(conference=conference, status=Registration.Status.WAITING)
        .order_by("created_at", "id")
    )
    if not queue:
        return None
    if program is not None and not program.every_block_has_a_seat():
        return None
    chosen = queue[0] if program is None else _choose(queue, program, prefer)
    chosen.status = Registration.Status.CONFIRMED
    chosen.save(update_fields=["status"])
    sessions: list[Session] = []
    if program is not None:
        sessions = _seat(
            registration=chosen,
            program=program,
            prefer=prefer,
            reason=PlacementChange.Reason.PROMOTED,
            by=by,
        )
    audit(
        action="registration.promote",
        target=str(chosen.pk),
        details={
            "conference": conference.pk,
            "queue_position": queue.index(chosen) + 1,
            "sessions": [s.pk for s in sessions],
        },
        by=by,
    )
    mail_to_invitee(
        template="promoted", invitation=chosen.invitation, registration=chosen, sessions=sessions
    )
    return chosen


def _promote_all(
    conference: Conference, *, by: Any, prefer: set[int] | None = None
) -> list[Registration]:
    run = _published_run(conference)
    program = _Program.load(run) if run is not None else None
    promoted = []
    while (
        nxt := _promote_one(conference, program=program, prefer=prefer or set(), by=by)
    ) is not None:
        promoted.append(nxt)
    return promoted


def waiting_list_promote(*, conference: Conference, by: Any = None) -> list[Registration]:
    """Give every free seat to the waiting list, in queue order; returns who moved up.

    Called when a capacity is raised (conference or session) and when someone leaves. Each
    promotion is audited and e-mailed (with the personal link and, after placement, the
    sessions) once the transaction commits.
    """
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        return _promote_all(conference, by=_staff(by))


def _free_published_seats(
    registration: Registration, *, run: PlacementRun | None, reason: str, by: Any
) -> list[Assignment]:
    """Take the registration's seats out of the published run, keeping the change."""
    if run is None:
        return []
    seats = list(Assignment.objects.filter(run=run, registration=registration))
    PlacementChange.objects.bulk_create(
        PlacementChange(
            run=run,
            registration=registration,
            block_id=a.block_id,
            session_from_id=a.session_id,
            reason=reason,
            by=by,
        )
        for a in seats
    )
    Assignment.objects.filter(pk__in=[a.pk for a in seats]).delete()
    return seats


def registration_cancel(*, registration: Registration, by: Any = None) -> Registration | None:
    """Cancel at any time; returns who got the seat (or None).

    `by` is staff cancelling on the participant's behalf, None the participant on their own
    link. A second cancel changes nothing (a double click). After placement the freed session
    seat goes to the waiting list (`waiting_list_promote`'s rules, the freed sessions first).
    Audited.
    """
    by = _staff(by)
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=registration.conference_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return None
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = clock.now()
        registration.save(update_fields=["status", "cancelled_at"])
        registration.wishes.all().delete()
        freed = _free_published_seats(
            registration,
            run=_published_run(conference),
            reason=PlacementChange.Reason.CANCELLED,
            by=by,
        )
        audit(
            action="registration.cancel",
            target=str(registration.pk),
            details={
                "conference": conference.pk,
                "was": "confirmed" if was_confirmed else "waiting",
                "sessions": [a.session_id for a in freed],
            },
            by=by,
        )
        promoted = (
            _promote_all(conference, by=by, prefer={a.session_id for a in freed})
            if was_confirmed
            else []
        )
    return promoted[0] if promoted else None


def registration_substitute(
    *, registration: Registration, name: str, email: str, by: Any = None
) -> Registration:
    """The organisation sends `name` <`email`> instead: they take over the seat, wishes and sessions.

    The original registration is cancelled; the substitute keeps its place in the queue (or its
    seat), its wishes, pins and placement, gets their own link by e-mail and confirms their own
    details (consent, needs) there. Naming the same substitute twice returns the first (a double
    submit). Audited; the placement change is kept.
    """
    by = _staff(by)
    email = email.strip().lower()
    name = name.strip()
    try:
        with transaction.atomic():
            return _substitute(registration=registration, name=name, email=email, by=by)
    except IntegrityError:
        # A concurrent submit of the same form named them first.
        existing = Registration.objects.filter(substitute_for=registration).first()
        if existing is not None and existing.invitation.email == email:
            return existing
        raise SubstituteError(_("Noen andre har allerede tatt over plassen.")) from None


def _substitute(*, registration: Registration, name: str, email: str, by: Any) -> Registration:
    conference = Conference.objects.select_for_update().get(pk=registration.conference_id)
    original = (
        Registration.objects.select_for_update()
        .select_related("invitation")
        .get(pk=registration.pk)
    )
    existing = (
        Registration.objects.select_related("invitation").filter(substitute_for=original).first()
    )
    if existing is not None and existing.invitation.email == email:
        return existing
    if original.status == Registration.Status.CANCELLED:
        raise SubstituteError(_("Påmeldingen er allerede avmeldt."))
    if email == original.invitation.email:
        raise SubstituteError(_("Stedfortrederen må ha en annen e-postadresse."))
    invitation = Invitation.objects.filter(conference=conference, email=email).first()
    taken = (
        Registration.objects.filter(invitation=invitation)
        .exclude(status=Registration.Status.CANCELLED)
        .exists()
        if invitation
        else False
    )
    if taken:
        raise SubstituteError(_("%(email)s er allerede påmeldt.") % {"email": email})
    token = None
    if invitation is None:
        invitation = Invitation(
            conference=conference,
            email=email,
            name=name,
            organisation_name=original.organisation_name,
            language=original.invitation.language,
        )
        token = new_link_secret(invitation)
    invitation.status = Invitation.Status.REGISTERED
    invitation.revoked_at = None
    invitation.save()
    substitute = Registration.objects.filter(invitation=invitation).first() or Registration(
        conference=conference, invitation=invitation
    )
    substitute.name = name
    substitute.organisation_name = original.organisation_name
    substitute.organisation_type = original.organisation_type
    substitute.region = original.region
    substitute.social = original.social
    substitute.consent_at = None
    substitute.status = original.status
    # The queue position and the placement's tie-breaks go by registration time: it is the seat's.
    substitute.created_at = original.created_at
    substitute.cancelled_at = None
    substitute.checked_in_at = None
    substitute.badge_code = secrets.token_urlsafe(12)
    substitute.substitute_for = original
    substitute.save()
    # A returning invitee's own earlier choices give way to the seat they take over.
    for model in (Wish, Pin, Assignment):
        model.objects.filter(registration=substitute).delete()
    Wish.objects.filter(registration=original).update(registration=substitute)
    Pin.objects.filter(registration=original).update(registration=substitute)
    run = _published_run(conference)
    if run is not None:
        moved = list(Assignment.objects.filter(run=run, registration=original))
        PlacementChange.objects.bulk_create(
            change
            for a in moved
            for change in (
                PlacementChange(
                    run=run,
                    registration=original,
                    block_id=a.block_id,
                    session_from_id=a.session_id,
                    reason=PlacementChange.Reason.SUBSTITUTED,
                    by=by,
                ),
                PlacementChange(
                    run=run,
                    registration=substitute,
                    block_id=a.block_id,
                    session_to_id=a.session_id,
                    reason=PlacementChange.Reason.SUBSTITUTED,
                    by=by,
                ),
            )
        )
    Assignment.objects.filter(registration=original).update(registration=substitute)
    original.status = Registration.Status.CANCELLED
    original.cancelled_at = clock.now()
    original.save(update_fields=["status", "cancelled_at"])
    audit(
        action="registration.substitute",
        target=str(original.pk),
        details={"conference": conference.pk, "substitute": substitute.pk},
        by=by,
    )
    mail_to_invitee(
        template="substitute",
        invitation=invitation,
        registration=substitute,
        sessions=[a.session for a in published_assignments(substitute)],
        token=token,
        original=original,
    )
    return substitute
