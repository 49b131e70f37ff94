"""Participants' personal data: retention after the conference, download and erasure on request.

What is kept, for how long and why is written in docs/privacy.md; the registration form says
the same. One anonymising step (`_anonymise`) serves the retention task and an erasure on
request, so both remove exactly the same things.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from innspill.accounts.roles import require
from innspill.common import clock
from innspill.common.models import audit
from innspill.followups.models import DigestSubscription
from innspill.registrations.lifecycle import registration_cancel
from innspill.registrations.models import Invitation, PersonalNeeds, Registration
from innspill.registrations.placement import published_assignments

# The reserved top-level domain .invalid can never receive mail; the address stays unique
# per conference (a database constraint) because it carries the row's id.
ANONYMOUS_EMAIL = "slettet-{pk}@anonymisert.invalid"


@dataclass(frozen=True)
class PurgeResult:
    needs: int
    anonymised: int


def purge_personal_data(*, now: datetime | None = None) -> PurgeResult:
    """Apply the retention policy (docs/privacy.md) to every conference that is far enough past.

    Deletes dietary and accessibility needs PERSONAL_NEEDS_RETENTION_DAYS after the
    conference, and anonymises invitations and registrations PERSONAL_DATA_RETENTION_DAYS
    after it (names, e-mail addresses, organisation names gone; follow-up e-mail
    subscriptions deleted). Idempotent; writes one audit event when it changed anything.
    """
    now = now or clock.now()
    today = timezone.localdate(now)
    needs_days = settings.INNSPILL["PERSONAL_NEEDS_RETENTION_DAYS"]
    data_days = settings.INNSPILL["PERSONAL_DATA_RETENTION_DAYS"]
    # A conference without a date counts from when the data was given.
    needs, _detail = PersonalNeeds.objects.filter(
        Q(registration__conference__date__lt=today - timedelta(days=needs_days))
        | Q(
            registration__conference__date__isnull=True,
            created_at__lt=now - timedelta(days=needs_days),
        )
    ).delete()
    due = Invitation.objects.filter(anonymised_at__isnull=True).filter(
        Q(conference__date__lt=today - timedelta(days=data_days))
        | Q(conference__date__isnull=True, created_at__lt=now - timedelta(days=data_days))
    )
    ids = list(due.values_list("pk", flat=True))
    anonymised = _anonymise(ids, now=now)
    if needs or anonymised:
        audit(
            action="personal_data.retention",
            details={"needs_deleted": needs, "anonymised": anonymised},
        )
    return PurgeResult(needs=needs, anonymised=anonymised)


def _anonymise(invitation_ids: list[int], *, now: datetime) -> int:
    """Remove what identifies the people behind these invitations; keeps counts for the report.

    Kept: that a registration existed, its status, organisation type and region, wishes,
    placements and check-in (the conference report counts them); nothing in them points to a
    person once names, addresses and organisation names are gone.
    """
    if not invitation_ids:
        return 0
    with transaction.atomic():
        PersonalNeeds.objects.filter(registration__invitation_id__in=invitation_ids).delete()
        DigestSubscription.objects.filter(invitation_id__in=invitation_ids).delete()
        Registration.objects.filter(invitation_id__in=invitation_ids).update(
            name="", organisation_name=""
        )
        for pk in invitation_ids:
            Invitation.objects.filter(pk=pk, anonymised_at__isnull=True).update(
                name="",
                email=ANONYMOUS_EMAIL.format(pk=pk),
                organisation_name="",
                anonymised_at=now,
            )
    return len(invitation_ids)


def personal_data_export(*, invitation: Invitation, by: Any = None) -> dict[str, Any]:
    """Everything stored about the person behind an invitation, as JSON-ready data.

    Audited (who asked: the participant from their link, or a staff member `by`).
    """
    if by is not None:
        require(by, "conference.manage")
    audit(
        action="personal_data.export",
        target=str(invitation.pk),
        details={"on_request_of": "staff" if by is not None else "participant"},
        by=by,
    )
    registration = (
        Registration.objects.select_related("needs").filter(invitation=invitation).first()
    )

    def when(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    data: dict[str, Any] = {
        "conference": {
            "title": invitation.conference.title,
            "date": when(invitation.conference.date),
        },
        "invitation": {
            "name": invitation.name,
            "email": invitation.email,
            "organisation": invitation.organisation_name,
            "language": invitation.language,
            "status": invitation.status,
            "created_at": when(invitation.created_at),
            "opened_at": when(invitation.opened_at),
            "revoked_at": when(invitation.revoked_at),
        },
        "registration": None,
        "followup_emails": DigestSubscription.objects.filter(invitation=invitation).exists(),
    }
    if registration is not None:
        needs = getattr(registration, "needs", None)
        data["registration"] = {
            "name": registration.name,
            "organisation": registration.organisation_name,
            "organisation_type": registration.organisation_type,
            "region": registration.region,
            "social": registration.social,
            "status": registration.status,
            "consent_at": when(registration.consent_at),
            "created_at": when(registration.created_at),
            "cancelled_at": when(registration.cancelled_at),
            "checked_in_at": when(registration.checked_in_at),
            "dietary": needs.dietary if needs else "",
            "accessibility": needs.accessibility if needs else "",
            "wishes": [
                {"block": w.block.title, "session": w.session.title, "rank": w.rank}
                for w in registration.wishes.select_related("block", "session")
            ],
            "sessions": [
                {"block": a.block.title, "session": a.session.title}
                for a in published_assignments(registration)
            ],
        }
    return data


def personal_data_erase(*, invitation: Invitation, by: Any = None) -> None:
    """Erase the person's data now, at their request (by=None: from their own link) or staff's.

    An active registration is cancelled first through `registration_cancel`, so the waiting
    list moves up as on any cancellation (also after placement). Then the same anonymising
    step as the retention policy runs and the wishes go. Audited.
    """
    if by is not None:
        require(by, "conference.manage")
    registration = Registration.objects.filter(invitation=invitation).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        registration_cancel(registration=registration, by=by)
    with transaction.atomic():
        if registration is not None:
            registration.wishes.all().delete()
        _anonymise([invitation.pk], now=clock.now())
        audit(
            action="personal_data.erase",
            target=str(invitation.pk),
            details={"on_request_of": "staff" if by is not None else "participant"},
            by=by,
        )
