"""Writes to live capture: opening a session, receiving submissions, moderating the board, the summary.

Every write changes `Capture.version` so a polling wall knows whether to redraw, and
every staff action is audited and recorded for undo.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from innspill.analysis.text import normalise
from innspill.capture import rules
from innspill.capture.models import (
    DEFAULT_GROUPS,
    BoardAction,
    Capture,
    CaptureGroup,
    CaptureState,
    Submission,
    SubmissionStatus,
)
from innspill.common import clock
from innspill.common.models import audit
from innspill.conferences.models import Session, Summary
from innspill.inputs.models import DataVersion, Input, Origin, Status
from innspill.inputs.services import input_create, inputs_classify

MAX_TEXT_LENGTH = 1000
MAX_GROUP_LENGTH = 300
# A participant types a bullet in 20-30 s; 12 new inputs a minute from one device is a script.
DEVICE_LIMIT_PER_MINUTE = 12
# A full room (200 phones behind the venue's one NAT address, 3 inputs each) is 600 a minute;
# the code's budget is twice that, so only a flood hits it.
CODE_LIMIT_PER_MINUTE = 1200
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: the code is read off a screen
CODE_LENGTH = 5


class CaptureInputError(ValueError):
    """A submission's field is missing or wrong; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class CaptureNotOpen(Exception):
    """Capture has not been opened for this session; nothing is stored."""


class RateLimited(Exception):
    """Too many new submissions from this device or to this code in the last minute."""


class BoardError(ValueError):
    """A board action that cannot be done (shown to the rapporteur)."""


# --- Setting up, opening, closing ----------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def capture_setup(
    *, session: Session, by: Any, groups: list[str] | None = None, rapporteurs: Any = ()
) -> Capture:
    """The session's capture, created with a fresh code and its default groups if missing."""
    existing = Capture.objects.filter(session=session).first()
    if existing:
        if rapporteurs:
            existing.rapporteurs.add(*rapporteurs)
        return existing
    rules.require_manage(by)
    titles = groups or list(DEFAULT_GROUPS)
    for _attempt in range(10):
        try:
            with transaction.atomic():
                capture = Capture.objects.create(session=session, code=_new_code())
                CaptureGroup.objects.bulk_create(
                    CaptureGroup(capture=capture, title=title[:MAX_GROUP_LENGTH], position=i)
                    for i, title in enumerate(dict.fromkeys(t.strip() for t in titles if t.strip()))
                )
            break
        except IntegrityError:
            # Another request set this session up first, or the code was taken: look again.
            existing = Capture.objects.filter(session=session).first()
            if existing:
                return existing
    else:
        raise RuntimeError("no free capture code")  # 32^5 codes; unreachable in practice
    if rapporteurs:
        capture.rapporteurs.add(*rapporteurs)
    audit(action="capture.setup", target=capture.code, details={"session": session.pk}, by=by)
    return capture


def capture_open(*, capture: Capture, by: Any, moderated: bool | None = None) -> Capture:
    """Open capture now; it closes at the session's end plus the grace period (or when closed by hand)."""
    rules.require_manage(by)
    now = clock.now()
    ends = capture.session.ends_at
    capture.state = CaptureState.OPEN
    capture.opens_at = now
    capture.closes_at = ends if ends and ends > now else None
    if moderated is not None:
        capture.moderated = moderated
    capture.version = F("version") + 1
    capture.save(update_fields=["state", "opens_at", "closes_at", "moderated", "version"])
    capture.refresh_from_db()
    audit(
        action="capture.open",
        target=capture.code,
        details={"moderated": capture.moderated, "closes_at": str(capture.closes_at or "")},
        by=by,
    )
    return capture


def capture_close(*, capture: Capture, by: Any) -> Capture:
    """Close capture now; later submissions are kept as «kom for sent»."""
    rules.require_manage(by)
    capture.state = CaptureState.CLOSED
    capture.version = F("version") + 1
    capture.save(update_fields=["state", "version"])
    capture.refresh_from_db()
    audit(action="capture.close", target=capture.code, by=by)
    return capture


def capture_settings_update(
    *, capture: Capture, moderated: bool, grace_minutes: int, meeting_url: str, by: Any
) -> Capture:
    rules.require_manage(by)
    if meeting_url:
        try:
            URLValidator(schemes=["https", "http"])(meeting_url)
        except ValidationError:
            raise BoardError(
                _("Lenken til videomøtet må være en nettadresse (https://…).")
            ) from None
    capture.moderated, capture.grace_minutes, capture.meeting_url = (
        moderated,
        grace_minutes,
        meeting_url,
    )
    capture.save(update_fields=["moderated", "grace_minutes", "meeting_url"])
    audit(
        action="capture.settings",
        target=capture.code,
        details={
            "moderated": moderated,
            "grace_minutes": grace_minutes,
            "meeting_url": meeting_url,
        },
        by=by,
    )
    return capture


def group_create(*, capture: Capture, title: str, by: Any) -> CaptureGroup:
    rules.require_run(by, capture)
    title = normalise(title)[:MAX_GROUP_LENGTH]
    if not title:
        raise BoardError(_("Gruppen må ha en overskrift."))
    position = (capture.groups.aggregate(m=Max("position"))["m"] or 0) + 1
    group, _created = CaptureGroup.objects.get_or_create(
        capture=capture, title=title, defaults={"position": position}
    )
    audit(action="capture.group", target=capture.code, details={"title": title}, by=by)
    return group


# --- Receiving ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    submission: Submission
    created: bool


def _clean(client_id: Any, text: Any, group: Any, capture: Capture) -> tuple[uuid.UUID, str, Any]:
    try:
        parsed = uuid.UUID(str(client_id))
    except (ValueError, TypeError, AttributeError):
        raise CaptureInputError("client_id", _("«client_id» må være en UUID.")) from None
    if not isinstance(text, str) or not normalise(text):
        raise CaptureInputError("text", _("«text» mangler: skriv innspillet."))
    text = normalise(text)
    if len(text) > MAX_TEXT_LENGTH:
        raise CaptureInputError("text", _("«text» er over %(n)s tegn.") % {"n": MAX_TEXT_LENGTH})
    if group in (None, ""):
        return parsed, text, None
    if not isinstance(group, str):
        raise CaptureInputError("group", _("«group» må være en tekst."))
    found = capture.groups.filter(title=normalise(group)).first()
    if found is None:
        raise CaptureInputError(
            "group", _("«group»: sesjonen har ingen gruppe «%(g)s».") % {"g": group[:80]}
        )
    return parsed, text, found


def _check_rate(capture: Capture, device_id: str) -> None:
    since = clock.now() - timedelta(minutes=1)
    if (
        device_id
        and Submission.objects.filter(device_id=device_id, created_at__gte=since).count()
        >= DEVICE_LIMIT_PER_MINUTE
    ):
        raise RateLimited(_("For mange innspill fra denne enheten på kort tid. Vent litt."))
    if (
        Submission.objects.filter(capture=capture, created_at__gte=since).count()
        >= CODE_LIMIT_PER_MINUTE
    ):
        raise RateLimited(_("Sesjonen tar imot svært mange innspill nå. Prøv igjen om litt."))


def _next_position(capture: Capture) -> int:
    return (capture.submissions.aggregate(m=Max("position"))["m"] or 0) + 1


def submission_receive(
    *,
    capture: Capture,
    client_id: Any,
    text: Any,
    group: Any = None,
    device_id: str = "",
    by: Any = None,
) -> Received:
    """Store a submission once per `client_id`; a repeat returns the stored one unchanged.

    Raises CaptureInputError (bad field), CaptureNotOpen (never opened: nothing stored) or
    RateLimited. After the session closed it is stored as «kom for sent». Staff entries
    (`by` may run the board) are accepted at once and are never late. In an open
    session the input is created and classified right away.
    """
    parsed, text, found_group = _clean(client_id, text, group, capture)
    existing = Submission.objects.filter(client_id=parsed).select_related("group").first()
    if existing is not None:
        return _repeat(existing, capture)
    staff = by is not None and rules.can_run(by, capture)
    if not staff:
        if capture.opens_at is None:
            raise CaptureNotOpen(_("Sesjonen tar ikke imot innspill ennå."))
        _check_rate(capture, device_id[:64])
    late = not staff and not capture.is_open()
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                capture=capture,
                client_id=parsed,
                device_id=device_id[:64],
                text=text,
                group=found_group,
                status=SubmissionStatus.LATE if late else SubmissionStatus.PENDING,
                position=_next_position(capture),
                from_staff=staff,
            )
            if staff:
                _record(capture, "add", [submission], by, created=True)
            if not late and (staff or not capture.moderated):
                _accept(submission)
            _changed(capture)
            audit(
                action="capture.submission",
                target=str(parsed),
                details={"capture": capture.code, "status": submission.status},
                by=by,
            )
    except IntegrityError:
        # A concurrent request with the same client_id committed first: answer as for a repeat.
        existing = Submission.objects.filter(client_id=parsed).select_related("group").first()
        if existing is None:
            raise
        return _repeat(existing, capture)
    return Received(submission, True)


def _repeat(existing: Submission, capture: Capture) -> Received:
    if existing.capture_id != capture.pk:
        raise CaptureInputError("client_id", _("«client_id» er allerede brukt i en annen sesjon."))
    return Received(existing, False)


def _changed(capture: Capture) -> None:
    Capture.objects.filter(pk=capture.pk).update(version=F("version") + 1)


def _accept(submission: Submission) -> None:
    """Make (or restore) the published input for a submission; classified with its group heading."""
    session = submission.capture.session
    heading = submission.group.title if submission.group_id else ""
    item, created = input_create(
        text=submission.text,
        cycle=session.conference.cycle,
        origin=Origin.SESSION,
        session=session,
        group_heading=heading,
        status=Status.PUBLISHED,
        source_key=f"capture:{submission.client_id}",
        position=submission.position,
    )
    if not created:
        # Accepted before, then undone or rejected: the same input comes back, as edited now.
        item.text, item.group_heading, item.session = submission.text, heading, session
        item.status, item.merged_into, item.position = Status.PUBLISHED, None, submission.position
        item.save()
    submission.input = item
    submission.status = SubmissionStatus.ACCEPTED
    submission.updated_at = clock.now()
    submission.save(update_fields=["input", "status", "updated_at"])
    DataVersion.bump()


# --- Participants' own submissions --------------------------------------------------------------


def submissions_of_device(*, capture: Capture, device_id: str) -> list[Submission]:
    if not device_id:
        return []
    return list(
        capture.submissions.filter(device_id=device_id[:64]).select_related("group").order_by("id")
    )


@transaction.atomic
def submission_withdraw(*, capture: Capture, client_id: Any, device_id: str) -> Submission:
    """A participant takes back their own submission (only from the device that sent it)."""
    try:
        parsed = uuid.UUID(str(client_id))
    except ValueError:
        raise CaptureInputError("client_id", _("«client_id» må være en UUID.")) from None
    submission = (
        Submission.objects.select_for_update()
        .filter(capture=capture, client_id=parsed, device_id=device_id[:64])
        .exclude(device_id="")
        .first()
    )
    if submission is None:
        raise CaptureInputError("client_id", _("Fant ikke innspillet fra denne enheten."))
    if submission.status != SubmissionStatus.WITHDRAWN:
        submission.status = SubmissionStatus.WITHDRAWN
        submission.updated_at = clock.now()
        submission.save(update_fields=["status", "updated_at"])
        _hide_input(submission)
        _changed(capture)
        audit(action="capture.withdraw", target=str(parsed), details={"capture": capture.code})
    return submission


def _hide_input(submission: Submission, status: str = Status.HIDDEN) -> None:
    if submission.input_id:
        Input.objects.filter(pk=submission.input_id).update(status=status, updated_at=clock.now())
        DataVersion.bump()


# --- The board: moderation, order, undo ---------------------------------------------------------

_FIELDS = ("status", "text", "group_id", "position", "reason", "merged_into_id", "capture_id")
_INPUT_FIELDS = ("status", "text", "group_heading", "position", "session_id", "merged_into_id")


def _snapshot(submission: Submission, created: bool = False) -> dict[str, Any]:
    item = Input.objects.filter(pk=submission.input_id).first() if submission.input_id else None
    return {
        "submission": submission.pk,
        "created": created,
        "fields": {name: getattr(submission, name) for name in _FIELDS}
        | {"input_id": submission.input_id},
        "input": {name: getattr(item, name) for name in _INPUT_FIELDS} if item else None,
    }


def _record(capture: Capture, action: str, subs: list[Submission], by: Any, created=False) -> None:
    BoardAction.objects.create(
        capture=capture,
        action=action,
        before=[_snapshot(s, created) for s in subs],
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def _board_write(action: str):
    """Decorator: permission, one transaction, an undo record, the wall's version and the audit."""

    def decorate(func):
        def wrapper(*, submission: Submission, by: Any, **kwargs: Any) -> Submission:
            capture = submission.capture
            rules.require_run(by, capture)
            with transaction.atomic():
                submission = Submission.objects.select_for_update().get(pk=submission.pk)
                affected = func(submission=submission, by=by, snapshot=True, **kwargs)
                _record(capture, action, affected, by)
                func(submission=submission, by=by, snapshot=False, **kwargs)
                _changed(capture)
                audit(
                    action=f"capture.{action}",
                    target=str(submission.client_id),
                    details={k: str(v) for k, v in kwargs.items()},
                    by=by,
                )
            submission.refresh_from_db()
            return submission

        wrapper.__name__ = func.__name__
        wrapper.__doc__ = func.__doc__
        return wrapper

    return decorate


@_board_write("accept")
def submission_accept(*, submission: Submission, by: Any, snapshot: bool) -> list[Submission]:
    """Accept a waiting (or earlier rejected/late) submission: it becomes a published input."""
    if snapshot:
        if submission.status == SubmissionStatus.ACCEPTED:
            raise BoardError(_("Innspillet er allerede godtatt."))
        return [submission]
    submission.reason = ""
    submission.save(update_fields=["reason"])
    _accept(submission)
    return []


@_board_write("edit")
def submission_edit(
    *, submission: Submission, by: Any, snapshot: bool, text: str, group: CaptureGroup | None
) -> list[Submission]:
    """Change the text or the group; an accepted input is changed and classified again."""
    text = normalise(text)
    if snapshot:
        if not text:
            raise BoardError(_("Innspillet kan ikke være tomt."))
        if group is not None and group.capture_id != submission.capture_id:
            raise BoardError(_("Gruppen hører til en annen sesjon."))
        return [submission]
    submission.text, submission.group = text[:MAX_TEXT_LENGTH], group
    submission.updated_at = clock.now()
    submission.save(update_fields=["text", "group", "updated_at"])
    if submission.input_id:
        item = Input.objects.get(pk=submission.input_id)
        item.text, item.group_heading = submission.text, group.title if group else ""
        item.save()
        inputs_classify(ids=[item.pk], overwrite=True)
        DataVersion.bump()
    return []


@_board_write("reject")
def submission_reject(
    *, submission: Submission, by: Any, snapshot: bool, reason: str = ""
) -> list[Submission]:
    """Not used (with a reason the participant sees); an accepted input leaves the archive."""
    if snapshot:
        return [submission]
    submission.status = SubmissionStatus.REJECTED
    submission.reason = normalise(reason)[:300]
    submission.updated_at = clock.now()
    submission.save(update_fields=["status", "reason", "updated_at"])
    _hide_input(submission)
    return []


@_board_write("merge")
def submission_merge(
    *, submission: Submission, by: Any, snapshot: bool, into: Submission
) -> list[Submission]:
    """Fold a submission into an accepted one saying the same (its input, if any, is marked merged)."""
    if snapshot:
        if into.pk == submission.pk or into.capture_id != submission.capture_id:
            raise BoardError(_("Kan bare slå sammen med et annet innspill i samme sesjon."))
        if into.status != SubmissionStatus.ACCEPTED:
            raise BoardError(_("Kan bare slå sammen med et godtatt innspill."))
        return [submission]
    submission.status, submission.merged_into = SubmissionStatus.MERGED, into
    submission.updated_at = clock.now()
    submission.save(update_fields=["status", "merged_into", "updated_at"])
    if submission.input_id:
        Input.objects.filter(pk=submission.input_id).update(
            status=Status.MERGED, merged_into_id=into.input_id, updated_at=clock.now()
        )
        DataVersion.bump()
    return []


@_board_write("move")
def submission_move(
    *, submission: Submission, by: Any, snapshot: bool, direction: int
) -> list[Submission]:
    """Swap places with the neighbour above (-1) or below (+1) in the same group."""
    visible = [SubmissionStatus.ACCEPTED, SubmissionStatus.PENDING]
    siblings = Submission.objects.filter(
        capture_id=submission.capture_id, group_id=submission.group_id, status__in=visible
    )
    if direction < 0:
        neighbour = (
            siblings.filter(position__lte=submission.position)
            .exclude(pk=submission.pk)
            .order_by("-position", "-id")
            .first()
        )
    else:
        neighbour = (
            siblings.filter(position__gte=submission.position)
            .exclude(pk=submission.pk)
            .order_by("position", "id")
            .first()
        )
    if neighbour is None:
        if snapshot:
            raise BoardError(_("Innspillet står allerede ytterst."))
        return []
    if snapshot:
        return [submission, neighbour]
    a, b = submission.position, neighbour.position
    if a == b:  # two arrived at once and share a place: make room
        b = a + (1 if direction > 0 else -1) if a > 0 or direction > 0 else a + 1
    for sub, position in ((submission, b), (neighbour, a)):
        Submission.objects.filter(pk=sub.pk).update(position=position, updated_at=clock.now())
        if sub.input_id:
            Input.objects.filter(pk=sub.input_id).update(position=position)
    return []


@_board_write("transfer")
def submission_transfer(
    *, submission: Submission, by: Any, snapshot: bool, to: Capture
) -> list[Submission]:
    """Move a bullet to another session (the secretariat); its group comes along by title."""
    if snapshot:
        rules.require_manage(by)
        if to.pk == submission.capture_id:
            raise BoardError(_("Innspillet er allerede i denne sesjonen."))
        return [submission]
    group = None
    if submission.group_id:
        group, _created = CaptureGroup.objects.get_or_create(
            capture=to,
            title=submission.group.title,
            defaults={"position": (to.groups.aggregate(m=Max("position"))["m"] or 0) + 1},
        )
    submission.capture, submission.group = to, group
    submission.position = _next_position(to)
    submission.updated_at = clock.now()
    submission.save(update_fields=["capture", "group", "position", "updated_at"])
    if submission.input_id:
        Input.objects.filter(pk=submission.input_id).update(
            session=to.session, conference=to.session.conference, position=submission.position
        )
        inputs_classify(ids=[submission.input_id], overwrite=True)
        DataVersion.bump()
    _changed(to)
    return []


def capture_undo(*, capture: Capture, by: Any) -> BoardAction | None:
    """Undo the newest board action not yet undone; returns it, or None when there is none."""
    rules.require_run(by, capture)
    with transaction.atomic():
        action = (
            BoardAction.objects.select_for_update()
            .filter(capture=capture, undone=False)
            .order_by("-at", "-id")
            .first()
        )
        if action is None:
            return None
        for snap in action.before:
            _restore(snap)
        action.undone = True
        action.save(update_fields=["undone"])
        _changed(capture)
        DataVersion.bump()
        audit(
            action="capture.undo",
            target=capture.code,
            details={"action": action.action, "id": action.pk},
            by=by,
        )
    return action


def _restore(snap: dict[str, Any]) -> None:
    submission = Submission.objects.select_for_update().filter(pk=snap["submission"]).first()
    if submission is None:
        return
    if snap["created"]:
        # Undoing an entry typed on the board: it is withdrawn, not deleted (the audit keeps it).
        submission.status = SubmissionStatus.WITHDRAWN
        submission.save(update_fields=["status"])
        _hide_input(submission)
        return
    fields = snap["fields"]
    if submission.input_id and submission.input_id != fields["input_id"]:
        _hide_input(submission)
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.updated_at = clock.now()
    submission.save()
    if snap["input"] and fields["input_id"]:
        item = Input.objects.get(pk=fields["input_id"])
        for name, value in snap["input"].items():
            setattr(item, name, value)
        if item.session_id:
            item.conference_id = Session.objects.get(pk=item.session_id).conference_id
        item.save()


# --- The closing summary ------------------------------------------------------------------------


@transaction.atomic
def capture_summary_save(
    *, capture: Capture, text: str, by: Any, leader_name: str = "", leader_role: str = ""
) -> Summary:
    """Store the leader's closing points as the conference's `Summary` for this session.

    One point per line; the report draft reads it like an imported summary.
    """
    rules.require_run(by, capture)
    session = capture.session
    items = [normalise(line.lstrip("-•* ")) for line in text.splitlines()]
    items = [item for item in items if item]
    if not items:
        raise BoardError(_("Oppsummeringen er tom."))
    leader = normalise(leader_name or session.leader_name) or _("Sesjonsleder")
    role = normalise(leader_role or session.leader_role)
    summary = capture.summary or Summary.objects.filter(session=session).first()
    if summary is None:
        summary = Summary(conference=session.conference, session=session)
        summary.position = session.number or 100 + session.pk
    summary.leader_name, summary.leader_role, summary.items = leader[:200], role[:300], items
    summary.save()
    capture.summary = summary
    capture.version = F("version") + 1
    capture.save(update_fields=["summary", "version"])
    audit(action="capture.summary", target=capture.code, details={"items": len(items)}, by=by)
    return summary
