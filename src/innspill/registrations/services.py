"""Invitations, registration with a waiting list, cancellation and check-in (the write side)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.common import clock
from innspill.common.mail import mail_after_commit
from innspill.common.models import audit
from innspill.conferences.models import Block, Conference, Session, SessionKind
from innspill.registrations.models import (
    Invitation,
    Language,
    PersonalNeeds,
    Registration,
    Wish,
)


class RegistrationClosed(Exception):
    """The deadline has passed or placement is published."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link token belongs to (revoked ones included), or None."""
    digest = token_hash(token)
    invitation = Invitation.objects.select_related("conference").filter(token_hash=digest).first()
    # The lookup is by digest; the constant-time compare keeps timing free of the stored value.
    if invitation is None or not hmac.compare_digest(invitation.token_hash, digest):
        return None
    return invitation


def send_templated_mail(*, template: str, language: str, to: str, context: dict[str, Any]) -> None:
    """Render emails/<template>_<language>.txt (first line is the subject) and send it.

    An e-mail not yet written in the invitation's language goes out in bokmål; the link in it
    still opens the participant pages in the invitation's language.
    """
    lang = language if language in Language.values else Language.NB
    text = select_template(
        [f"emails/{template}_{lang}.txt", f"emails/{template}_{Language.NB}.txt"]
    ).render(context)
    subject, _sep, body = text.strip().partition("\n")
    mail_after_commit(subject=subject.strip(), body=body.strip() + "\n", to=[to])


def _link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("registrations:participant", args=[token])


def invitation_create(
    *,
    conference: Conference,
    email: str,
    name: str,
    organisation_name: str = "",
    language: str = "nb",
    base_url: str,
    by: Any,
) -> tuple[Invitation, str]:
    """Create an invitation, e-mail its personal link and return it with the (unstored) token."""
    require(by, "conference.manage")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        conference=conference,
        email=email.strip().lower(),
        name=name.strip(),
        organisation_name=organisation_name.strip(),
        language=language,
        token_hash=token_hash(token),
    )
    send_templated_mail(
        template="invitation",
        language=language,
        to=invitation.email,
        context={
            "invitation": invitation,
            "conference": conference,
            "link": _link(base_url, token),
        },
    )
    return invitation, token


def invitation_resend(*, invitation: Invitation, base_url: str, by: Any) -> str:
    """Send a fresh link (the old one stops working, since only its hash was kept)."""
    require(by, "conference.manage")
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.revoked_at = None
    invitation.save(update_fields=["token_hash", "revoked_at"])
    send_templated_mail(
        template="invitation",
        language=invitation.language,
        to=invitation.email,
        context={
            "invitation": invitation,
            "conference": invitation.conference,
            "link": _link(base_url, token),
        },
    )
    audit(action="invitation.resend", target=str(invitation.pk), by=by)
    return token


def invitation_revoke(*, invitation: Invitation, by: Any) -> None:
    require(by, "conference.manage")
    invitation.revoked_at = clock.now()
    invitation.save(update_fields=["revoked_at"])
    audit(action="invitation.revoke", target=str(invitation.pk), by=by)


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ImportResult:
    created: list[Invitation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


HEADER_ALIASES = {
    "navn": "name",
    "name": "name",
    "e-post": "email",
    "epost": "email",
    "email": "email",
    "e-mail": "email",
    "organisasjon": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "språk": "language",
    "sprak": "language",
    "language": "language",
}


def _rows_from_upload(*, filename: str, data: bytes) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    text = data.decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def invitations_import(
    *, conference: Conference, filename: str, data: bytes, base_url: str, by: Any
) -> ImportResult:
    """Invite every good row of a CSV/XLSX file (columns navn, e-post, organisasjon, språk)."""
    require(by, "conference.manage")
    result = ImportResult()
    try:
        rows = _rows_from_upload(filename=filename, data=data)
    except Exception:  # noqa: BLE001 - any unreadable file is one user-facing error
        result.errors.append(RowError(0, _("Filen kunne ikke leses som CSV eller XLSX.")))
        return result
    if not rows:
        result.errors.append(RowError(0, _("Filen er tom.")))
        return result
    header = [HEADER_ALIASES.get(h.strip().lower(), "") for h in rows[0]]
    if "email" not in header or "name" not in header:
        result.errors.append(RowError(1, _("Overskriftsraden må ha kolonnene «navn» og «e-post».")))
        return result
    existing = set(conference.invitations.values_list("email", flat=True))
    for line, row in enumerate(rows[1:], start=2):
        values = {
            key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(header) if key
        }
        if not any(values.values()):
            continue
        email = values.get("email", "").lower()
        language: str = values.get("language", "").lower()[:2] or "nb"
        if language in {"no", "nn"}:
            language = "nb"
        if not values.get("name"):
            result.errors.append(RowError(line, _("Navn mangler.")))
            continue
        try:
            validate_email(email)
        except ValidationError:
            result.errors.append(RowError(line, _("Ugyldig e-postadresse: «%s».") % email))
            continue
        if language not in Language.values:
            result.errors.append(
                RowError(line, _("Ukjent språk: «%s» (bruk nb eller en).") % language)
            )
            continue
        if email in existing:
            result.errors.append(RowError(line, _("%s er allerede invitert.") % email))
            continue
        existing.add(email)
        invitation, _token = invitation_create(
            conference=conference,
            email=email,
            name=values["name"],
            organisation_name=values.get("organisation", ""),
            language=language,
            base_url=base_url,
            by=by,
        )
        result.created.append(invitation)
    audit(
        action="invitation.import",
        target=str(conference.pk),
        details={"created": len(result.created), "errors": len(result.errors)},
        by=by,
    )
    return result


def invitation_opened(*, invitation: Invitation) -> None:
    if invitation.status == Invitation.Status.INVITED:
        Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.INVITED).update(
            status=Invitation.Status.OPENED, opened_at=clock.now()
        )
        invitation.status = Invitation.Status.OPENED


def registration_open(conference: Conference) -> bool:
    if conference.placement_published_at is not None:
        return False
    return (
        conference.registration_deadline is None or clock.now() < conference.registration_deadline
    )


def parallel_blocks(conference: Conference) -> list[tuple[Block, list[Session]]]:
    """The blocks with their parallel sessions, in program order (blocks without sessions left out)."""
    sessions = list(
        Session.objects.filter(
            conference=conference, kind=SessionKind.PARALLEL, block__isnull=False
        ).order_by("block__position", "block_id", "number", "id")
    )
    blocks = {b.pk: b for b in Block.objects.filter(conference=conference)}
    out: dict[int, tuple[Block, list[Session]]] = {}
    for s in sessions:
        out.setdefault(s.block_id, (blocks[s.block_id], []))[1].append(s)
    return list(out.values())


@dataclass
class RegistrationData:
    name: str
    organisation_name: str
    organisation_type: str = ""
    region: str = ""
    social: bool = False
    dietary: str = ""
    accessibility: str = ""
    # block id -> session ids, best first
    wishes: dict[int, list[int]] = field(default_factory=dict)


def _save_wishes(registration: Registration, wishes: dict[int, list[int]]) -> None:
    registration.wishes.all().delete()
    Wish.objects.bulk_create(
        Wish(registration=registration, block_id=block_id, session_id=session_id, rank=rank)
        for block_id, session_ids in wishes.items()
        for rank, session_id in enumerate(session_ids, start=1)
    )


def _confirmed_count(conference: Conference) -> int:
    return Registration.objects.filter(
        conference=conference, status=Registration.Status.CONFIRMED
    ).count()


def registration_submit(
    *, invitation: Invitation, data: RegistrationData
) -> tuple[Registration, bool]:
    """Register (or update) the invitee; idempotent: a second submit returns the same registration.

    Returns (registration, created). New registrations beyond the conference's seat cap go on the
    waiting list in the order they came.
    """
    conference = invitation.conference
    if invitation.revoked_at is not None or not registration_open(conference):
        raise RegistrationClosed
    try:
        with transaction.atomic():
            # Locking the conference row serialises the seat count between concurrent requests.
            conference = Conference.objects.select_for_update().get(pk=conference.pk)
            existing = (
                Registration.objects.select_for_update().filter(invitation=invitation).first()
            )
            created = existing is None
            registration = existing or Registration(
                conference=conference,
                invitation=invitation,
                consent_at=clock.now(),
                badge_code=secrets.token_urlsafe(12),
            )
            registration.name = data.name
            registration.organisation_name = data.organisation_name
            registration.organisation_type = data.organisation_type
            registration.region = data.region
            registration.social = data.social
            if registration.status == Registration.Status.CANCELLED:
                # Coming back after cancelling is a new place in the queue.
                registration.created_at = clock.now()
            if created or registration.status == Registration.Status.CANCELLED:
                full = (
                    conference.capacity is not None
                    and _confirmed_count(conference) >= conference.capacity
                )
                registration.status = (
                    Registration.Status.WAITING if full else Registration.Status.CONFIRMED
                )
                registration.cancelled_at = None
            registration.save()
            PersonalNeeds.objects.update_or_create(
                registration=registration,
                defaults={"dietary": data.dietary, "accessibility": data.accessibility},
            )
            _save_wishes(registration, data.wishes)
            Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.REGISTERED)
            invitation.status = Invitation.Status.REGISTERED
    except IntegrityError:
        # A concurrent request won the race on the unique invitation: that registration is the one.
        return Registration.objects.get(invitation=invitation), False
    return registration, created


def _promote_next(conference: Conference, *, base_url: str) -> Registration | None:
    if conference.capacity is not None and _confirmed_count(conference) >= conference.capacity:
        return None
    nxt = (
        Registration.objects.select_for_update()
        .select_related("invitation")
        .filter(conference=conference, status=Registration.Status.WAITING)
        .order_by("created_at", "id")
        .first()
    )
    if nxt is None:
        return None
    nxt.status = Registration.Status.CONFIRMED
    nxt.save(update_fields=["status"])
    invitation = nxt.invitation
    transaction.on_commit(
        lambda: send_templated_mail(
            template="promoted",
            language=invitation.language,
            to=invitation.email,
            context={"registration": nxt, "conference": conference, "base_url": base_url},
        )
    )
    return nxt


def registration_cancel(
    *, registration: Registration, base_url: str = "", by: Any = None
) -> Registration | None:
    """Cancel; the first on the waiting list gets the seat and an e-mail. Returns who was promoted.

    `by` is the staff member cancelling on the participant's behalf (audited); the participant
    cancelling from their own link leaves it None.
    """
    if not registration_open(registration.conference):
        raise RegistrationClosed
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
        promoted = _promote_next(conference, base_url=base_url) if was_confirmed else None
    if by is not None:
        audit(action="registration.cancel", target=str(registration.pk), by=by)
    return promoted


def invitation_decline(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).exclude(status=Invitation.Status.REGISTERED).update(
        status=Invitation.Status.DECLINED
    )


def checkin(*, registration: Registration, by: Any) -> bool:
    """Mark the participant as arrived; False if they already were."""
    require(by, "conference.checkin")
    updated = Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(
        checked_in_at=clock.now()
    )
    return bool(updated)


def purge_personal_data(*, now: Any = None) -> int:
    """Delete dietary/accessibility needs older than the retention period; returns how many."""
    days = settings.INNSPILL["PERSONAL_DATA_RETENTION_DAYS"]
    cutoff = (now or clock.now()) - timedelta(days=days)
    deleted, _detail = PersonalNeeds.objects.filter(created_at__lt=cutoff).delete()
    return deleted
