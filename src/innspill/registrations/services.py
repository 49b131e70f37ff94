"""Invitations, registration with a waiting list, cancellation and check-in (the write side)."""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.common import clock
from innspill.common.mail import send_templated_mail, site_url
from innspill.common.models import audit
from innspill.common.tokens import token_hash
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


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link token belongs to (revoked ones included), or None."""
    digest = token_hash(token)
    invitation = Invitation.objects.select_related("conference").filter(token_hash=digest).first()
    # The lookup is by digest; the constant-time compare keeps timing free of the stored value.
    if invitation is None or not hmac.compare_digest(invitation.token_hash, digest):
        return None
    return invitation


def _token_for(nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        b"innspill.invitation-link:" + nonce.encode("ascii"),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_link_secret(invitation: Invitation) -> str:
    """Give the invitation a fresh link (nonce and hash, not saved) and return its token."""
    invitation.link_nonce = secrets.token_hex(16)
    token = _token_for(invitation.link_nonce)
    invitation.token_hash = token_hash(token)
    return token


def invitation_token(invitation: Invitation) -> str | None:
    """The token of the invitee's current link, rebuilt from its nonce.

    None for a link made before nonces existed (or under another SECRET_KEY): it cannot be
    rebuilt, and replacing it here would break the link the invitee may be using right now.
    """
    if not invitation.link_nonce:
        return None
    token = _token_for(invitation.link_nonce)
    return token if hmac.compare_digest(token_hash(token), invitation.token_hash) else None


def participant_url(token: str) -> str:
    return site_url(reverse("registrations:participant", args=[token]))


def invitation_link(invitation: Invitation) -> str | None:
    """The invitee's personal link on the site's configured address (None if it cannot be rebuilt)."""
    token = invitation_token(invitation)
    return participant_url(token) if token else None


def mail_to_invitee(
    *,
    template: str,
    invitation: Invitation,
    registration: Registration | None = None,
    sessions: list[Session] | None = None,
    token: str | None = None,
    **extra: Any,
) -> None:
    """E-mail the invitee in their language with their link, the conference and their sessions."""
    link = participant_url(token) if token else invitation_link(invitation)
    send_templated_mail(
        template=template,
        language=invitation.language,
        to=invitation.email,
        context={
            "invitation": invitation,
            "registration": registration,
            "conference": invitation.conference,
            "sessions": sessions or [],
            "link": link,
            **extra,
        },
    )


def invitation_create(
    *,
    conference: Conference,
    email: str,
    name: str,
    organisation_name: str = "",
    language: str = "nb",
    by: Any,
) -> tuple[Invitation, str]:
    """Create an invitation, e-mail its personal link and return it with the (unstored) token."""
    require(by, "conference.manage")
    invitation = Invitation(
        conference=conference,
        email=email.strip().lower(),
        name=name.strip(),
        organisation_name=organisation_name.strip(),
        language=language,
    )
    token = new_link_secret(invitation)
    invitation.save()
    mail_to_invitee(template="invitation", invitation=invitation, token=token)
    return invitation, token


def invitation_resend(*, invitation: Invitation, by: Any) -> str:
    """Send a fresh link (the old one stops working, since only its hash was kept)."""
    require(by, "conference.manage")
    token = new_link_secret(invitation)
    invitation.revoked_at = None
    invitation.save(update_fields=["link_nonce", "token_hash", "revoked_at"])
    mail_to_invitee(template="invitation", invitation=invitation, token=token)
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
    *, conference: Conference, filename: str, data: bytes, by: Any
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
        if language == "no":
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
                RowError(
                    line,
                    _("Ukjent språk: «%(language)s» (bruk %(codes)s).")
                    % {"language": language, "codes": ", ".join(Language.values)},
                )
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


def confirmed_count(conference: Conference) -> int:
    return Registration.objects.filter(
        conference=conference, status=Registration.Status.CONFIRMED
    ).count()


def has_room(conference: Conference) -> bool:
    """Whether the conference has a free seat (no cap counts as room)."""
    return conference.capacity is None or confirmed_count(conference) < conference.capacity


def registration_submit(
    *, invitation: Invitation, data: RegistrationData
) -> tuple[Registration, bool]:
    """Register (or update) the invitee; idempotent: a second submit returns the same registration.

    Returns (registration, created). A newcomer goes on the waiting list, in the order they came,
    when the seats are taken or anyone is already waiting (a seat that frees up is the waiting
    list's, `lifecycle.waiting_list_promote`). A new registration gets a confirmation e-mail.
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
                badge_code=secrets.token_urlsafe(12),
            )
            joining = created or registration.status == Registration.Status.CANCELLED
            registration.consent_at = registration.consent_at or clock.now()
            registration.name = data.name
            registration.organisation_name = data.organisation_name
            registration.organisation_type = data.organisation_type
            registration.region = data.region
            registration.social = data.social
            if registration.status == Registration.Status.CANCELLED:
                # Coming back after cancelling is a new place in the queue.
                registration.created_at = clock.now()
            if joining:
                waiting = Registration.objects.filter(
                    conference=conference, status=Registration.Status.WAITING
                ).exists()
                registration.status = (
                    Registration.Status.WAITING
                    if waiting or not has_room(conference)
                    else Registration.Status.CONFIRMED
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
            if joining:
                mail_to_invitee(
                    template="registered",
                    invitation=invitation,
                    registration=registration,
                    wishes=list(registration.wishes.select_related("session", "block")),
                )
    except IntegrityError:
        # A concurrent request won the race on the unique invitation: that registration is the one.
        return Registration.objects.get(invitation=invitation), False
    return registration, created


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
