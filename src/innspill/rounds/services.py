"""Writes for question rounds: creating, choosing recipients, sending, reminding and answering.

An answer is typed into `RoundAnswer` (a draft until submitted); submitting turns each answer into
inputs of the cycle through `inputs.services.inputs_create_many`, the one write path for inputs.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import hmac
import io
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innspill.common import clock, mail
from innspill.common.content import translations_clean
from innspill.common.mail import send_templated_mail
from innspill.common.models import audit
from innspill.common.tokens import token_hash
from innspill.cycles.models import Cycle, QuestionRound
from innspill.inputs.models import Input, Origin
from innspill.inputs.services import (
    NewInput,
    fingerprint_normalised,
    group_key,
    inputs_create_many,
)
from innspill.organisations.models import Organisation, OrganisationType, Region
from innspill.rounds.models import Recipient, RecipientLink, RoundAnswer, RoundQuestion
from innspill.rounds.rules import require_manage

MAX_ANSWER_LENGTH = 20000


class RoundError(Exception):
    """Base for the answering errors; `status` is the HTTP status the page is shown with."""

    status = 400


class TokenUnknown(RoundError):
    status = 404


class RoundClosed(RoundError):
    status = 410


class RecipientsError(ValueError):
    """The recipients file cannot be used; the message names the line."""


def site_url() -> str:
    """The site's configured address (INNSPILL_SITE_URL): every link a round sends is built on it."""
    return mail.site_url("/")


def link_url(base_url: str, token: str, language: str = settings.LANGUAGE_CODE) -> str:
    """The answer page's address; in another language than bokmål it names it (`?lang=`)."""
    url = base_url.rstrip("/") + reverse("rounds:answer", args=[token])
    return url if language == settings.LANGUAGE_CODE else f"{url}?lang={language}"


def round_is_open(question_round: QuestionRound, *, now: datetime.datetime | None = None) -> bool:
    return question_round.closes_at is None or (now or clock.now()) < question_round.closes_at


# --- the round and its recipients ------------------------------------------------------------


def round_create(
    *,
    cycle: Cycle,
    title: str,
    questions: Iterable[str],
    intro: str = "",
    closes_at: datetime.datetime | None = None,
    by: Any,
) -> QuestionRound:
    """A new round with its fixed questions (blank lines dropped, order kept)."""
    require_manage(by)
    texts = [q.strip() for q in questions if q.strip()]
    if not texts:
        raise ValueError(_("Runden må ha minst ett spørsmål."))
    if QuestionRound.objects.filter(cycle=cycle, title=title.strip()[:300]).exists():
        raise ValueError(_("Det finnes allerede en runde med denne tittelen dette året."))
    with transaction.atomic():
        question_round = QuestionRound.objects.create(
            cycle=cycle,
            title=title.strip()[:300],
            intro=intro.strip(),
            closes_at=closes_at,
            questions=texts,
        )
        RoundQuestion.objects.bulk_create(
            RoundQuestion(round=question_round, position=i, text=text)
            for i, text in enumerate(texts, start=1)
        )
        audit(
            action="round.create",
            target=f"round:{question_round.pk}",
            details={"questions": len(texts)},
            by=by,
        )
    return question_round


def round_update(
    *,
    question_round: QuestionRound,
    intro: str,
    closes_at: datetime.datetime | None,
    translations: Mapping[str, Any] | None = None,
    question_translations: Mapping[int, Mapping[str, Any]] | None = None,
    by: Any,
) -> QuestionRound:
    """Change the introduction, the deadline and the texts in other languages of the round and
    its questions (`question_translations` by question id); the questions stay fixed once asked."""
    require_manage(by)
    question_round.intro = intro.strip()
    question_round.closes_at = closes_at
    fields = ["intro", "closes_at"]
    if translations is not None:
        question_round.translations = translations_clean(QuestionRound, translations)
        fields.append("translations")
    translated: list[int] = []
    with transaction.atomic():
        question_round.save(update_fields=fields)
        for question in question_round.fixed_questions.filter(
            pk__in=list(question_translations or {})
        ):
            cleaned = translations_clean(RoundQuestion, (question_translations or {})[question.pk])
            if cleaned != question.translations:
                question.translations = cleaned
                question.save(update_fields=["translations"])
                translated.append(question.pk)
    audit(
        action="round.update",
        target=f"round:{question_round.pk}",
        details={
            "closes_at": closes_at.isoformat() if closes_at else None,
            "questions_translated": translated,
        },
        by=by,
    )
    return question_round


def recipients_add(
    *,
    question_round: QuestionRound,
    organisations: Iterable[tuple[Organisation, str] | tuple[Organisation, str, str]],
    by: Any,
) -> int:
    """Add (organisation, e-mail[, language]) not yet in the round; returns how many were added.

    Idempotent: an organisation already asked keeps its row (its e-mail is filled if it had none).
    The language (default bokmål) is the one its e-mails and answer page are written in.
    """
    require_manage(by)
    added = 0
    with transaction.atomic():
        for organisation, email, *language in organisations:
            recipient, created = Recipient.objects.get_or_create(
                round=question_round,
                organisation=organisation,
                defaults={
                    "email": email.strip(),
                    "language": language[0] if language else settings.LANGUAGE_CODE,
                },
            )
            if created:
                added += 1
            elif not recipient.email and email.strip():
                recipient.email = email.strip()
                recipient.save(update_fields=["email"])
        audit(
            action="round.recipients_add",
            target=f"round:{question_round.pk}",
            details={"added": added},
            by=by,
        )
    return added


@dataclass(frozen=True)
class RecipientRow:
    name: str
    type: str
    email: str
    region: str
    language: str = settings.LANGUAGE_CODE


def _language_words() -> dict[str, str]:
    """Each language's code, its own name and its name in bokmål (where Django knows it), to
    its code: a recipients file may say «ar», «العربية» or «arabisk»."""
    words: dict[str, str] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for code, own in settings.LANGUAGES:
            names = [code, own]
            # Django has no name for Sámi or Tigrinya; their code and own name serve
            with contextlib.suppress(KeyError):
                names.append(str(translation.get_language_info(code)["name_translated"]))
            words.update({name.lower(): code for name in names})
    return words


_TYPE_WORDS = {str(label).lower(): key for key, label in OrganisationType.choices}
_REGION_WORDS = {str(label).lower(): key for key, label in Region.choices}


def recipients_parse(text: str) -> list[RecipientRow]:
    """The rows of a recipients CSV (`name, type, email, region`, optionally `language`; comma or
    semicolon).

    `type` is a key of the organisation registry (`kommune`) or its name («Kommune»);
    `region` a county key or name, or empty. Raises RecipientsError naming the first bad line.
    """
    text = text.lstrip("\ufeff")
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
    missing = [f for f in ("name", "type", "email") if f not in fields]
    if missing:
        raise RecipientsError(
            _("Mangler kolonne: %(columns)s (trengs: name, type, email, region).")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    languages = _language_words()
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        kind = row.get("type", "")
        kind = kind if kind in OrganisationType.values else _TYPE_WORDS.get(kind.lower(), "")
        region = row.get("region", "")
        region = region if region in Region.values else _REGION_WORDS.get(region.lower(), "")
        if not row.get("name"):
            raise RecipientsError(_("Linje %(line)d: navn mangler.") % {"line": line})
        if not kind:
            raise RecipientsError(
                _("Linje %(line)d: ukjent type «%(type)s».") % {"line": line, "type": row["type"]}
            )
        if row.get("region") and not region:
            raise RecipientsError(
                _("Linje %(line)d: ukjent region «%(region)s».")
                % {"line": line, "region": row["region"]}
            )
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", row.get("email", "")):
            raise RecipientsError(_("Linje %(line)d: ugyldig e-postadresse.") % {"line": line})
        written = row.get("language") or row.get("språk") or ""
        language = languages.get(written.lower()) if written else settings.LANGUAGE_CODE
        if language is None:
            raise RecipientsError(
                _("Linje %(line)d: ukjent språk «%(language)s».")
                % {"line": line, "language": written}
            )
        rows.append(
            RecipientRow(
                name=row["name"][:300],
                type=kind,
                email=row["email"],
                region=region,
                language=language,
            )
        )
    return rows


def recipients_import(*, question_round: QuestionRound, text: str, by: Any) -> int:
    """Add the organisations of a recipients CSV to the round, registering unknown ones.

    An organisation is matched by name and type in the registry; a new one is created there
    with the file's region. Returns how many recipients were added.
    """
    require_manage(by)
    rows = recipients_parse(text)
    pairs = []
    with transaction.atomic():
        for row in rows:
            organisation = (
                Organisation.objects.filter(name__iexact=row.name, type=row.type)
                .order_by("id")
                .first()
            )
            if organisation is None:
                organisation = Organisation.objects.create(
                    name=row.name, type=row.type, region=row.region
                )
            elif row.region and not organisation.region:
                organisation.region = row.region
                organisation.save(update_fields=["region"])
            pairs.append((organisation, row.email, row.language))
        return recipients_add(question_round=question_round, organisations=pairs, by=by)


# --- sending and reminding -------------------------------------------------------------------


def _new_link(recipient: Recipient) -> str:
    token = secrets.token_urlsafe(32)
    RecipientLink.objects.create(recipient=recipient, token_hash=token_hash(token))
    return token


def _send(*, template: str, recipient: Recipient, link: str) -> None:
    """One template per message through the catalogues, in the recipient's language."""
    question_round = recipient.round
    send_templated_mail(
        template=template,
        language=recipient.language,
        to=recipient.email,
        context={
            "round": question_round,
            "organisation": recipient.organisation,
            "link": link,
            "questions": [q.text for q in question_round.fixed_questions.all()],
        },
    )


@dataclass(frozen=True)
class SentLink:
    recipient: Recipient
    url: str


def round_send(*, question_round: QuestionRound, base_url: str, by: Any) -> list[SentLink]:
    """E-mail a personal link to every recipient with an address who has none yet; returns them.

    Idempotent: a second run (or a retry after a crash) sends only to those not yet sent to.
    """
    require_manage(by)
    if not round_is_open(question_round):
        raise RoundClosed(_("Svarfristen er passert."))
    pending = list(
        question_round.recipients.filter(sent_at__isnull=True)
        .exclude(email="")
        .select_related("organisation", "round")
        .order_by("organisation__name", "id")
    )
    sent = []
    for recipient in pending:
        with transaction.atomic():
            token = _new_link(recipient)
            url = link_url(base_url, token, recipient.language)
            _send(template="round_invitation", recipient=recipient, link=url)
            recipient.sent_at = clock.now()
            recipient.save(update_fields=["sent_at"])
        sent.append(SentLink(recipient=recipient, url=url))
    audit(
        action="round.send",
        target=f"round:{question_round.pk}",
        details={"sent": len(sent)},
        by=by,
    )
    return sent


def round_remind(*, question_round: QuestionRound, base_url: str, by: Any) -> int:
    """A reminder with a new link to everyone sent to who has not answered; returns how many.

    Idempotent within a day: a recipient already reminded today is not reminded again, so a
    double click or a rerun of a scheduled job sends nothing twice.
    """
    require_manage(by)
    if not round_is_open(question_round):
        raise RoundClosed(_("Svarfristen er passert."))
    today = clock.today()
    pending = [
        r
        for r in question_round.recipients.filter(answered_at__isnull=True, sent_at__isnull=False)
        .exclude(email="")
        .select_related("organisation", "round")
        .order_by("organisation__name", "id")
        if r.reminded_at is None or timezone.localdate(r.reminded_at) != today
    ]
    for recipient in pending:
        with transaction.atomic():
            token = _new_link(recipient)
            url = link_url(base_url, token, recipient.language)
            _send(template="round_reminder", recipient=recipient, link=url)
            Recipient.objects.filter(pk=recipient.pk).update(
                reminded_at=clock.now(), reminders=F("reminders") + 1
            )
    audit(
        action="round.remind",
        target=f"round:{question_round.pk}",
        details={"sent": len(pending)},
        by=by,
    )
    return len(pending)


def recipient_phone_log(*, recipient: Recipient, note: str, by: Any) -> Recipient:
    """Record a phone call with the organisation (staff note, dated now)."""
    require_manage(by)
    recipient.phoned_at = clock.now()
    stamp = timezone.localdate(recipient.phoned_at).isoformat()
    note = note.strip()
    if note:
        recipient.phone_note = "\n".join(p for p in (recipient.phone_note, f"{stamp}: {note}") if p)
    recipient.save(update_fields=["phoned_at", "phone_note"])
    audit(action="round.phone", target=f"recipient:{recipient.pk}", by=by)
    return recipient


# --- answering -------------------------------------------------------------------------------


def recipient_for_token(token: str) -> Recipient:
    """The recipient a personal link belongs to; raises TokenUnknown."""
    digest = token_hash(token)
    link = (
        RecipientLink.objects.select_related("recipient__round__cycle", "recipient__organisation")
        .filter(token_hash=digest)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        raise TokenUnknown(_("Lenken er ukjent."))
    return link.recipient


def recipient_open(*, recipient: Recipient) -> Recipient:
    """Note the first time the link was opened (later visits change nothing)."""
    if recipient.opened_at is None:
        now = clock.now()
        Recipient.objects.filter(pk=recipient.pk, opened_at__isnull=True).update(opened_at=now)
        recipient.opened_at = now
    return recipient


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]


def answers_save(
    *,
    recipient: Recipient,
    answers: Mapping[int, str],
    submit: bool,
    by: Any = None,
) -> Recipient:
    """Store the answers (question id → text); with `submit`, make them the organisation's inputs.

    `by` is None when the organisation answers through its link; staff typing in an answer
    taken by phone pass themselves (checked, and recorded on the answers). The round must be
    open. Submitting again replaces the inputs of an answer that changed: each paragraph of an
    answer is one input of the cycle, linked to the round, its question (as the group heading
    and through the answer), the organisation's type and region, and classified as every input.
    """
    if by is not None:
        require_manage(by)
    typed_by = by if getattr(by, "is_authenticated", False) else None
    question_round = recipient.round
    if not round_is_open(question_round):
        raise RoundClosed(_("Svarfristen er passert."))
    questions = {q.pk: q for q in question_round.fixed_questions.all()}
    now = clock.now()
    with transaction.atomic():
        recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
        stored = {a.question_id: a for a in recipient.answers.all()}
        for question_id, text in answers.items():
            if question_id not in questions:
                continue
            text = (text or "").strip()[:MAX_ANSWER_LENGTH]
            answer = stored.get(question_id)
            if answer is None:
                stored[question_id] = RoundAnswer.objects.create(
                    recipient=recipient,
                    question=questions[question_id],
                    text=text,
                    entered_by=typed_by,
                    updated_at=now,
                )
            elif answer.text != text:
                answer.text, answer.updated_at = text, now
                answer.entered_by = typed_by if by is not None else answer.entered_by
                answer.save(update_fields=["text", "updated_at", "entered_by"])
        fields = ["draft_at"]
        recipient.draft_at = now
        if submit:
            _answers_to_inputs(recipient, list(stored.values()), questions)
            recipient.answered_at = now
            fields.append("answered_at")
        recipient.save(update_fields=fields)
        audit(
            action="round.submit" if submit else "round.draft",
            target=f"recipient:{recipient.pk}",
            details={"on_behalf": by is not None},
            by=by,
        )
    return recipient


def _answers_to_inputs(
    recipient: Recipient, answers: list[RoundAnswer], questions: Mapping[int, RoundQuestion]
) -> None:
    """Create the inputs of every answer in one call, then link each answer to exactly its own."""
    question_round = recipient.round
    cycle = question_round.cycle
    organisation = recipient.organisation
    rows_of: dict[int, list[NewInput]] = {}
    keys: dict[int, str] = {}
    for answer in answers:
        question = questions[answer.question_id]
        # the fingerprint's source: one organisation's answer to one question
        keys[answer.pk] = f"round:{question_round.pk}:recipient:{recipient.pk}:q:{question.pk}"
        rows_of[answer.pk] = [
            NewInput(
                text=paragraph,
                cycle_id=cycle.pk,
                year=cycle.year,
                origin=Origin.ROUND,
                question_round_id=question_round.pk,
                group_heading=question.text,
                organisation_type=organisation.type,
                region=organisation.region,
                position=question.position * 1000 + index,
                source_key=keys[answer.pk],
            )
            for index, paragraph in enumerate(_paragraphs(answer.text))
        ]
    inputs_create_many(rows=[row for rows in rows_of.values() for row in rows])
    for answer in answers:
        question = questions[answer.question_id]
        # the rows' texts are normalised now, as their fingerprints were made
        fingerprints = [
            fingerprint_normalised(
                cycle.year, "", "", group_key(question.text), row.text, keys[answer.pk]
            )
            for row in rows_of[answer.pk]
        ]
        wanted = set(
            Input.objects.filter(fingerprint__in=fingerprints).values_list("pk", flat=True)
        )
        current = set(answer.inputs.values_list("pk", flat=True))
        stale = current - wanted
        if stale:
            # what the organisation took back is no longer its input
            for item in Input.objects.filter(pk__in=stale):
                item.delete()
        answer.inputs.add(*(wanted - current))
