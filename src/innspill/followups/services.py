"""Writes for follow-up: the owner registry, assignment, answers and spreadsheet imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from innspill.common import clock
from innspill.common.models import audit
from innspill.followups import rules
from innspill.followups.clusters import cluster_input_ids
from innspill.followups.models import (
    ANSWERED,
    ActorOwner,
    DigestSubscription,
    FollowUp,
    FollowUpStatus,
    Owner,
)
from innspill.inputs.models import Actor, Input
from innspill.inputs.models import Status as InputStatus
from innspill.registrations.models import Invitation, Registration
from innspill.registrations.placement import published_assignments
from innspill.registrations.services import mail_to_invitee


class FollowUpError(ValueError):
    """A follow-up change that breaks a rule; the message is for the user."""


@dataclass(frozen=True)
class Answer:
    status: str
    answer: str = ""
    url: str = ""
    date: dt.date | None = None


_url = URLValidator(schemes=["http", "https"])


def answer_clean(*, status: str, answer: str, url: str, date: dt.date | None) -> Answer:
    """Check one answer against the workflow's rules; raises FollowUpError with the reason."""
    status = (status or "").strip()
    if status not in FollowUpStatus.values:
        raise FollowUpError(
            _("Ukjent status «%(status)s»; bruk en av %(keys)s.")
            % {"status": status, "keys": ", ".join(FollowUpStatus.values)}
        )
    answer, url = (answer or "").strip(), (url or "").strip()
    if status in ANSWERED and not answer:
        raise FollowUpError(_("Status «%(status)s» krever et offentlig svar.") % {"status": status})
    if url:
        try:
            _url(url)
        except ValidationError:
            raise FollowUpError(
                _("Lenken «%(url)s» er ikke en gyldig nettadresse.") % {"url": url}
            ) from None
    if date is not None and date > clock.today():
        raise FollowUpError(_("Datoen %(date)s er fram i tid.") % {"date": date.isoformat()})
    return Answer(status=status, answer=answer, url=url, date=date)


# --- registry ---------------------------------------------------------------------------------


def actor_owner_set(*, actor: Actor, owner: Owner | None, by: Any) -> None:
    """Map an actor label to its default owner (None removes the mapping); audited."""
    rules.require_assign(by)
    if owner is None:
        ActorOwner.objects.filter(actor=actor).delete()
    else:
        ActorOwner.objects.update_or_create(actor=actor, defaults={"owner": owner})
    audit(
        action="followup.actor_owner",
        target=actor.key,
        details={"owner": owner.short_name if owner else None},
        by=by,
    )


def owner_save(
    *, owner: Owner | None, short_name: str, name: str, kind: str, parent: Owner | None, by: Any
) -> Owner:
    """Create or edit a ministry or agency in the registry; audited."""
    rules.require_assign(by)
    owner = owner or Owner()
    owner.short_name, owner.name, owner.kind, owner.parent = short_name, name, kind, parent
    owner.full_clean()
    owner.save()
    audit(action="followup.owner", target=owner.short_name, details={"name": name}, by=by)
    return owner


# --- assignment -------------------------------------------------------------------------------


@dataclass
class AssignResult:
    created: int = 0
    existing: int = 0
    without_owner: list[int] = field(default_factory=list)


def default_owners(input_ids: Iterable[int]) -> dict[int, Owner]:
    """Each input's default owner: the one mapped from its first actor (in vocabulary order)."""
    mapping = {row.actor_id: row.owner for row in ActorOwner.objects.select_related("owner").all()}
    out: dict[int, Owner] = {}
    through = Input.actors.through.objects.filter(input_id__in=list(input_ids)).order_by(
        "actor__position", "actor__key"
    )
    for input_id, actor_id in through.values_list("input_id", "actor_id"):
        if input_id not in out and actor_id in mapping:
            out[input_id] = mapping[actor_id]
    return out


def followups_assign(
    *,
    input_ids: Iterable[int],
    owner: Owner | None,
    due_date: dt.date | None,
    cluster_key: str = "",
    by: Any,
) -> AssignResult:
    """Assign inputs to `owner`, or each to its default owner when `owner` is None.

    An input already assigned to that owner keeps its status and answer; its due date is
    replaced when one is given. One audit event records the whole assignment.
    """
    rules.require_assign(by)
    ids = sorted(set(Input.objects.filter(pk__in=list(input_ids)).values_list("pk", flat=True)))
    result = AssignResult()
    owners = {pk: owner for pk in ids} if owner else default_owners(ids)
    result.without_owner = [pk for pk in ids if pk not in owners]
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        for pk in ids:
            if pk not in owners:
                continue
            followup, created = FollowUp.objects.get_or_create(
                input_id=pk,
                owner=owners[pk],
                defaults={"due_date": due_date, "cluster_key": cluster_key, "assigned_by": user},
            )
            if created:
                result.created += 1
                continue
            result.existing += 1
            changed = False
            if due_date and followup.due_date != due_date:
                followup.due_date, changed = due_date, True
            if cluster_key and not followup.cluster_key:
                followup.cluster_key, changed = cluster_key, True
            if changed:
                followup.updated_at = clock.now()
                followup._history_user = user  # type: ignore[attr-defined]
                followup.save()
        audit(
            action="followup.assign",
            target=cluster_key or (owner.short_name if owner else "default"),
            details={
                "owner": owner.short_name if owner else None,
                "inputs": len(ids),
                "created": result.created,
                "existing": result.existing,
                "due_date": due_date.isoformat() if due_date else None,
            },
            by=by,
        )
    return result


def followups_move_on_merge(*, item: Input, into: Input, by: Any) -> None:
    """Follow-ups of a merged-away input go to the input it was merged into.

    An owner already following `into` keeps that follow-up; theirs on `item` stays where it is
    (its answer is not thrown away, and the merged input's page points to `into`).
    """
    taken = set(FollowUp.objects.filter(input=into).values_list("owner_id", flat=True))
    moving = list(FollowUp.objects.filter(input=item).exclude(owner_id__in=taken))
    kept = list(
        FollowUp.objects.filter(input=item, owner_id__in=taken).values_list("pk", flat=True)
    )
    for followup in moving:
        followup.input = into
        followup.updated_at = clock.now()
        followup.save(update_fields=["input", "updated_at"])
    if moving or kept:
        audit(
            action="followup.move_on_merge",
            target=str(into.pk),
            details={"from": item.pk, "moved": [f.pk for f in moving], "kept": kept},
            by=by,
        )


def followups_assign_cluster(
    *, key: str, owner: Owner | None, due_date: dt.date | None, by: Any
) -> AssignResult:
    """Assign every input of a «Går igjen» cluster, from every year, resolved now."""
    ids = cluster_input_ids(key)
    if ids is None:
        raise FollowUpError(_("Fant ingen gruppe med nøkkelen «%(key)s».") % {"key": key})
    return followups_assign(
        input_ids=ids, owner=owner, due_date=due_date, cluster_key=key.strip(), by=by
    )


# --- answers ----------------------------------------------------------------------------------


def _apply(followup: FollowUp, answer: Answer, *, user: Any) -> bool:
    """Write `answer` onto `followup` (unsaved); True if anything changed."""
    date = answer.date or followup.answered_on
    if answer.status in ANSWERED and date is None:
        date = clock.today()
    new = {
        "status": answer.status,
        "answer": answer.answer,
        "url": answer.url,
        "answered_on": date,
    }
    if all(getattr(followup, name) == value for name, value in new.items()):
        return False
    for name, value in new.items():
        setattr(followup, name, value)
    followup.answered_by = user
    followup.updated_at = clock.now()
    followup._history_user = user  # type: ignore[attr-defined]
    return True


def followup_answer(
    *,
    followup: FollowUp,
    status: str,
    answer: str = "",
    url: str = "",
    date: dt.date | None = None,
    by: Any,
) -> bool:
    """Set status and public answer of one follow-up; audited. False if nothing changed."""
    rules.require_answer_for(by, followup.owner)
    cleaned = answer_clean(status=status, answer=answer, url=url, date=date)
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=followup.pk)
        previous = locked.status
        if not _apply(locked, cleaned, user=user):
            return False
        locked.save()
        audit(
            action="followup.answer",
            target=f"followup:{locked.pk}",
            details={"input": locked.input_id, "from": previous, "to": locked.status},
            by=by,
        )
    followup.refresh_from_db()
    return True


# --- spreadsheet import -----------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def _parse_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise FollowUpError(_("Ugyldig dato «%(date)s»; bruk ÅÅÅÅ-MM-DD.") % {"date": text})


_STATUS_BY_LABEL = {str(label).lower(): value for value, label in FollowUpStatus.choices}


def _status_key(value: Any) -> str:
    text = str(value or "").strip()
    lowered = text.lower()
    if lowered in FollowUpStatus.values:
        return lowered
    # Excel users may type the label they see in the export («Delvis fulgt opp»).
    return _STATUS_BY_LABEL.get(lowered, text)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _targets(
    row: dict[str, Any], owner: Owner, *, may_create: bool
) -> tuple[str, list[FollowUp], list[int]]:
    """(target label, existing follow-ups, input ids still to assign) for one row."""
    input_ref, cluster = _text(row.get("input")), _text(row.get("cluster"))
    if input_ref and cluster:
        raise FollowUpError(_("Fyll ut enten «input» eller «cluster», ikke begge."))
    if input_ref:
        if not input_ref.isdigit():
            raise FollowUpError(_("«%(value)s» er ikke et innspills-id.") % {"value": input_ref})
        pk = int(input_ref)
        existing = list(FollowUp.objects.filter(input_id=pk, owner=owner))
        if existing:
            return f"input:{pk}", existing, []
        if not Input.objects.filter(pk=pk).exists():
            raise FollowUpError(_("Fant ikke innspill %(pk)s.") % {"pk": pk})
        if not may_create:
            raise FollowUpError(
                _("Innspill %(pk)s er ikke tildelt %(owner)s.") % {"pk": pk, "owner": owner}
            )
        return f"input:{pk}", [], [pk]
    if cluster:
        existing = list(FollowUp.objects.filter(cluster_key=cluster, owner=owner))
        if existing:
            return f"cluster:{cluster}", existing, []
        ids = cluster_input_ids(cluster)
        if ids is None:
            raise FollowUpError(_("Fant ingen gruppe med nøkkelen «%(key)s».") % {"key": cluster})
        if not may_create:
            raise FollowUpError(
                _("Gruppen %(key)s er ikke tildelt %(owner)s.") % {"key": cluster, "owner": owner}
            )
        return f"cluster:{cluster}", [], ids
    raise FollowUpError(_("Raden mangler «input» eller «cluster»."))


def followups_import(
    *, rows: Iterable[tuple[int, dict[str, Any]]], by: Any, dry_run: bool = False
) -> ImportResult:
    """Apply spreadsheet rows (line number, column → value); rejected rows are listed, not saved.

    Every valid row is saved in one transaction, so an unexpected error saves none; a dry run
    does all the work and rolls it back. A row that matches what is stored counts as unchanged,
    so the same file twice changes nothing.
    """
    result = ImportResult()
    user = by if getattr(by, "is_authenticated", False) else None
    owners = {o.short_name.lower(): o for o in Owner.objects.all()}
    seen: dict[tuple[str, int], int] = {}
    with transaction.atomic():
        for line, row in rows:
            try:
                short = _text(row.get("ministry"))
                owner = owners.get(short.lower())
                if owner is None:
                    raise FollowUpError(
                        _("Ukjent departement/etat «%(name)s».") % {"name": short}
                        if short
                        else _("Raden mangler «ministry».")
                    )
                if not rules.can_answer_for(by, owner):
                    raise FollowUpError(
                        _("Du kan ikke svare for %(owner)s.") % {"owner": owner.short_name}
                    )
                answer = answer_clean(
                    status=_status_key(row.get("status")),
                    answer=_text(row.get("answer")),
                    url=_text(row.get("url")),
                    date=_parse_date(row.get("date")),
                )
                target, existing, to_create = _targets(row, owner, may_create=rules.can_assign(by))
                if (target, owner.pk) in seen:
                    raise FollowUpError(
                        _("Samme innspill og departement som linje %(line)s.")
                        % {"line": seen[(target, owner.pk)]}
                    )
                seen[(target, owner.pk)] = line
            except FollowUpError as error:
                result.rejected.append({"line": line, "error": str(error)})
                continue
            cluster_key = target.removeprefix("cluster:") if target.startswith("cluster:") else ""
            for pk in to_create:
                followup, _created = FollowUp.objects.get_or_create(
                    input_id=pk,
                    owner=owner,
                    defaults={"cluster_key": cluster_key, "assigned_by": user},
                )
                existing.append(followup)
            changed = False
            for followup in existing:
                if _apply(followup, answer, user=user):
                    followup.save()
                    changed = True
            if to_create:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
        audit(
            action="followup.import",
            target="dry-run" if dry_run else "",
            details=result.as_dict() | {"rejected": len(result.rejected)},
            by=by,
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


# --- participants' digest ---------------------------------------------------------------------

DIGEST_INTERVAL = dt.timedelta(days=1)


def digest_subscribe(*, invitation: Invitation, on: bool, by: Any = None) -> None:
    """Start or stop a participant's follow-up e-mail (the participant acts through their link)."""
    if on:
        DigestSubscription.objects.get_or_create(invitation=invitation)
    else:
        DigestSubscription.objects.filter(invitation=invitation).delete()


def digests_send(*, by: Any = None) -> int:
    """E-mail each subscriber what changed in their sessions' follow-up, at most once a day.

    Mail leaves after the transaction commits; returns the number of e-mails queued.
    """
    now = clock.now()
    sent = 0
    due = DigestSubscription.objects.select_related("invitation__conference").filter(
        Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - DIGEST_INTERVAL),
        invitation__revoked_at__isnull=True,
    )
    with transaction.atomic():
        for subscription in due.select_for_update(of=("self",)):
            invitation = subscription.invitation
            registration = Registration.objects.filter(invitation=invitation).first()
            if registration is None:
                continue
            placed = [a.session for a in published_assignments(registration)]
            sessions = [s.pk for s in placed]
            since = subscription.last_sent_at or subscription.subscribed_at
            changed = list(
                FollowUp.objects.filter(
                    input__session_id__in=sessions,
                    input__status=InputStatus.PUBLISHED,
                    updated_at__gt=since,
                )
                .select_related("input", "owner")
                .order_by("input_id", "owner__short_name")
            )
            if not changed:
                continue
            mail_to_invitee(
                template="followup_digest",
                invitation=invitation,
                registration=registration,
                sessions=placed,
                followups=changed,
            )
            subscription.last_sent_at = now
            subscription.save(update_fields=["last_sent_at"])
            sent += 1
    return sent
