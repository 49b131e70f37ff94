"""Writes for the evaluation survey: the questionnaire, sending and reminding, anonymous answers."""

from __future__ import annotations

import datetime
import hmac
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innspill.accounts.roles import require
from innspill.common import clock
from innspill.common.content import (
    CONTENT_LANGUAGES,
    SOURCE_LANGUAGE,
    localized,
    translations_clean,
)
from innspill.common.mail import send_templated_mail
from innspill.common.models import audit
from innspill.common.tokens import token_hash
from innspill.conferences.models import Conference, Session, SessionKind
from innspill.cycles.models import Cycle, EvaluationResult
from innspill.cycles.services import evaluation_result_store
from innspill.documents.model import Figure
from innspill.surveys.choices import COMMENT_CATEGORY_LABELS, INTENT_LABELS, SATISFACTION_LABELS
from innspill.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    QuestionTopic,
    Response,
    Survey,
    SurveyInvitation,
    SurveyLink,
    week_start,
)

MANAGE = "conference.manage"
Progress = Callable[[int, int], None]  # (done, total)


class SurveyError(Exception):
    """Base for the answering errors; `status` is the HTTP status the page is shown with."""

    status = 400


class TokenUnknown(SurveyError):
    status = 404


class TokenSpent(SurveyError):
    status = 410


class SurveyClosed(SurveyError):
    status = 410


class SurveyTooEarly(SurveyError):
    """The conference is not over and no reason to send anyway was given."""

    status = 409


def link_for_token(token: str) -> SurveyLink | None:
    digest = token_hash(token)
    link = (
        SurveyLink.objects.select_related("invitation__survey__cycle")
        .filter(token_hash=digest)
        .first()
    )
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


def survey_is_open(survey: Survey, *, now: datetime.datetime | None = None) -> bool:
    return survey.closes_at is None or (now or clock.now()) < survey.closes_at


def conference_ends_at(conference: Conference | None) -> datetime.datetime | None:
    """When the conference is over: its last session's end, else the midnight after its day.

    None when the conference or its date is unknown.
    """
    if conference is None:
        return None
    last = (
        conference.sessions.filter(ends_at__isnull=False)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    if last is not None:
        return last
    if conference.date is None:
        return None
    next_day = conference.date + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))


def survey_sendable_from(survey: Survey) -> datetime.datetime | None:
    """The earliest time the links may go out without a reason; None: not known, a reason is needed."""
    return conference_ends_at(survey.conference)


def survey_may_send(survey: Survey, *, now: datetime.datetime | None = None) -> bool:
    """Whether the conference is over, so the links may go out without a recorded reason."""
    start = survey_sendable_from(survey)
    return start is not None and (now or clock.now()) >= start


# --- the questionnaire ---------------------------------------------------------------------


def _default_questions(sessions: list[Session] | None) -> list[dict[str, Any]]:
    """The usual questions in the active language (session titles too, where translated)."""
    questions: list[dict[str, Any]] = [
        {
            "kind": QuestionKind.SATISFACTION,
            "topic": QuestionTopic.OVERALL,
            "text": _("Hvor fornøyd var du med konferansen samlet sett?"),
        }
    ]
    if sessions is not None:
        plenary = [s for s in sessions if s.kind == SessionKind.PLENARY]
        parallel = [s for s in sessions if s.kind == SessionKind.PARALLEL]
        for session in plenary:
            title = localized(session, "title").text
            questions.append(
                {
                    "kind": QuestionKind.SATISFACTION,
                    "topic": QuestionTopic.TALK,
                    "text": _("Innlegg: %(title)s") % {"title": title},
                    "session": session,
                }
            )
        for session in parallel:
            title = localized(session, "title").text
            label = (
                _("Parallellsesjon %(number)s: %(title)s")
                % {"number": session.number, "title": title}
                if session.number
                else _("Parallellsesjon: %(title)s") % {"title": title}
            )
            questions.append(
                {
                    "kind": QuestionKind.SATISFACTION,
                    "topic": QuestionTopic.SESSION,
                    "text": label[:500],
                    "session": session,
                    # people attend only some sessions
                    "required": False,
                }
            )
    questions.append(
        {
            "kind": QuestionKind.INTENT,
            "topic": QuestionTopic.OTHER,
            "text": _("Vil du delta neste år?"),
        }
    )
    questions.append(
        {
            "kind": QuestionKind.TEXT,
            "topic": QuestionTopic.OTHER,
            "text": _("Kommentarer og forslag til neste års konferanse"),
            "required": False,
        }
    )
    return questions


def survey_create_default(*, cycle: Cycle, conference: Conference | None = None, by: Any) -> Survey:
    """The cycle's survey with the conference's usual questions; returns the existing one if any."""
    require(by, MANAGE)
    if conference is None:
        conference = cycle.conferences.order_by("date", "id").first()
    sessions = (
        list(
            conference.sessions.filter(
                kind__in=[SessionKind.PLENARY, SessionKind.PARALLEL]
            ).order_by("kind", "number", "starts_at", "id")
        )
        if conference is not None
        else None
    )

    def title() -> str:
        name = localized(conference, "title").text if conference else cycle.title
        return _("Evaluering av %(title)s") % {"title": name}

    # Stored in bokmål whatever the staff's language; the other languages the catalogues (and
    # the sessions' own translations) have go into `translations`, so a participant reading
    # English meets English questions without the secretariat typing them.
    with translation.override(SOURCE_LANGUAGE):
        specs, survey_title = _default_questions(sessions), title()
    survey_translations: dict[str, dict[str, str]] = {}
    question_translations: list[dict[str, dict[str, str]]] = [{} for _spec in specs]
    for code in CONTENT_LANGUAGES:
        with translation.override(code):
            texts, translated_title = _default_questions(sessions), title()
        if translated_title != survey_title:
            survey_translations[code] = {"title": translated_title}
        for spec, text, found in zip(specs, texts, question_translations, strict=True):
            if text["text"] != spec["text"]:
                found[code] = {"text": text["text"][:500]}
    with transaction.atomic():
        survey, created = Survey.objects.get_or_create(
            cycle=cycle,
            defaults={
                "conference": conference,
                "title": survey_title,
                "translations": survey_translations,
            },
        )
        if created:
            Question.objects.bulk_create(
                Question(survey=survey, position=i, translations=found, **spec)
                for i, (spec, found) in enumerate(
                    zip(specs, question_translations, strict=True), start=1
                )
            )
            audit(action="survey.create", target=f"survey:{survey.pk}", by=by)
    return survey


def survey_update(
    *,
    survey: Survey,
    title: str,
    intro: str = "",
    closes_at: datetime.datetime | None,
    translations: Mapping[str, Any] | None = None,
    question_translations: Mapping[int, Mapping[str, Any]] | None = None,
    by: Any,
) -> Survey:
    """Change the title, introduction and deadline, and the texts in other languages of the
    survey and of its questions (`question_translations` by question id; others untouched)."""
    require(by, MANAGE)
    survey.title = title
    survey.intro = intro
    survey.closes_at = closes_at
    fields = ["title", "intro", "closes_at"]
    if translations is not None:
        survey.translations = translations_clean(Survey, translations)
        fields.append("translations")
    translated: list[int] = []
    with transaction.atomic():
        survey.save(update_fields=fields)
        for question in survey.questions.filter(pk__in=list(question_translations or {})):
            cleaned = translations_clean(Question, (question_translations or {})[question.pk])
            if cleaned != question.translations:
                question.translations = cleaned
                question.save(update_fields=["translations"])
                translated.append(question.pk)
    audit(
        action="survey.update",
        target=f"survey:{survey.pk}",
        details={
            "closes_at": closes_at.isoformat() if closes_at else None,
            "questions_translated": translated,
        },
        by=by,
    )
    return survey


def question_add(
    *,
    survey: Survey,
    kind: str,
    text: str,
    topic: str = "other",
    required: bool = True,
    by: Any,
) -> Question:
    """Append a question at the end."""
    require(by, MANAGE)
    with transaction.atomic():
        last = survey.questions.aggregate(m=Max("position"))["m"] or 0
        question = Question.objects.create(
            survey=survey, position=last + 1, kind=kind, topic=topic, text=text, required=required
        )
    audit(action="survey.question_add", target=f"survey:{survey.pk}", details={"text": text}, by=by)
    return question


def question_remove(*, question: Question, by: Any) -> None:
    """Remove a question and its answers (counts for it disappear with it)."""
    require(by, MANAGE)
    survey_id, text = question.survey_id, question.text
    with transaction.atomic():
        question.delete()
        _renumber(survey_id)
    audit(
        action="survey.question_remove", target=f"survey:{survey_id}", details={"text": text}, by=by
    )


def _renumber(survey_id: int) -> list[Question]:
    ordered = list(
        Question.objects.select_for_update().filter(survey_id=survey_id).order_by("position", "id")
    )
    for position, item in enumerate(ordered, start=1):
        item.position = position
    Question.objects.bulk_update(ordered, ["position"])
    return ordered


def question_move(*, question: Question, up: bool, by: Any) -> None:
    """Swap a question with its neighbour; positions are renumbered 1..n so they stay tidy."""
    require(by, MANAGE)
    with transaction.atomic():
        ordered = list(
            Question.objects.select_for_update()
            .filter(survey_id=question.survey_id)
            .order_by("position", "id")
        )
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
        Question.objects.bulk_update(ordered, ["position"])


# --- sending --------------------------------------------------------------------------------


def _link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("surveys:answer", args=[token])


def _new_link(invitation: SurveyInvitation) -> str:
    token = secrets.token_urlsafe(32)
    SurveyLink.objects.create(invitation=invitation, token_hash=token_hash(token))
    return token


def _send(*, template: str, invitation: SurveyInvitation, survey: Survey, link: str) -> None:
    """The e-mail carries the personal link, the conference's day and the deadline."""
    send_templated_mail(
        template=template,
        language=invitation.language,
        to=invitation.email,
        context={
            "survey": survey,
            "conference": survey.conference,
            "attended": invitation.attended,
            "link": link,
        },
    )


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = "nb"
    attended: bool = True  # checked in at the conference
    session_ids: tuple[int, ...] = ()  # the parallel sessions they were placed in


def _recipient(item: Recipient | tuple[str, str]) -> Recipient:
    if isinstance(item, Recipient):
        return item
    email, language = item
    return Recipient(email=email, language=language)


def _check_timing(survey: Survey, early_reason: str) -> str:
    """The reason to record: empty after the conference; before it (or with its end unknown)
    a reason is required."""
    if survey_may_send(survey):
        return ""
    reason = early_reason.strip()
    if not reason:
        start = survey_sendable_from(survey)
        if start is None:
            raise SurveyTooEarly(
                _("Konferansen har ingen dato. Oppgi en begrunnelse for å sende likevel.")
            )
        raise SurveyTooEarly(
            _("Konferansen er ikke over før %(when)s. Oppgi en begrunnelse for å sende før.")
            % {"when": timezone.localtime(start).strftime("%d.%m.%Y %H:%M")}
        )
    return reason


def survey_send(
    *,
    survey: Survey,
    recipients: Iterable[Recipient | tuple[str, str]],
    base_url: str,
    by: Any,
    early_reason: str = "",
    audience: str = "",
    progress: Progress | None = None,
) -> int:
    """E-mail a one-time link to each recipient not yet invited; returns how many were sent.

    Only after the conference, unless `early_reason` says why; the reason is kept on the survey
    and in the audit log. Idempotent: a retry after a crash sends only to those who have no
    invitation yet.
    """
    require(by, MANAGE)
    if not survey_is_open(survey):
        raise SurveyClosed(_("Svarfristen er passert."))
    reason = _check_timing(survey, early_reason)
    if reason:
        survey.early_reason = reason
        survey.save(update_fields=["early_reason"])
    existing = {e.lower() for e in survey.invitations.values_list("email", flat=True)}
    wanted = [_recipient(item) for item in recipients]
    sent = 0
    for done, recipient in enumerate(wanted, start=1):
        if progress is not None:
            progress(done - 1, len(wanted))
        key = recipient.email.strip().lower()
        if not key or key in existing:
            continue
        existing.add(key)
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(
                survey=survey,
                email=recipient.email.strip(),
                language=recipient.language or "nb",
                attended=recipient.attended,
            )
            if recipient.session_ids:
                invitation.sessions.set(recipient.session_ids)
            token = _new_link(invitation)
            _send(
                template="survey_invitation",
                invitation=invitation,
                survey=survey,
                link=_link(base_url, token),
            )
            invitation.sent_at = clock.now()
            invitation.save(update_fields=["sent_at"])
        sent += 1
    details: dict[str, Any] = {"sent": sent}
    if audience:
        details["audience"] = audience
    if reason:
        details["early_reason"] = reason
    audit(action="survey.send", target=f"survey:{survey.pk}", details=details, by=by)
    return sent


def participant_recipients(
    survey: Survey, *, include_all_registered: bool = False
) -> list[Recipient]:
    """Those checked in at the survey's conference (or everyone confirmed, if asked), each with
    the parallel sessions the published placement put them in (two queries)."""
    from innspill.registrations.models import Assignment, Registration

    if survey.conference_id is None:
        return []
    registrations = Registration.objects.filter(
        conference_id=survey.conference_id, status=Registration.Status.CONFIRMED
    )
    if not include_all_registered:
        registrations = registrations.filter(checked_in_at__isnull=False)
    rows = list(
        registrations.order_by("id").values_list(
            "id", "invitation__email", "invitation__language", "checked_in_at"
        )
    )
    placed: dict[int, list[int]] = {}
    for registration_id, session_id in (
        Assignment.objects.filter(
            registration_id__in=[row[0] for row in rows], run__published_at__isnull=False
        )
        .order_by("block__position", "block_id")
        .values_list("registration_id", "session_id")
    ):
        placed.setdefault(registration_id, []).append(session_id)
    return [
        Recipient(
            email=email,
            language=language,
            attended=checked_in_at is not None,
            session_ids=tuple(placed.get(registration_id, ())),
        )
        for registration_id, email, language, checked_in_at in rows
    ]


def survey_send_to_participants(
    *,
    survey: Survey,
    base_url: str,
    by: Any,
    include_all_registered: bool = False,
    early_reason: str = "",
    progress: Progress | None = None,
) -> int:
    """Send to those checked in, or to everyone registered with `include_all_registered`."""
    return survey_send(
        survey=survey,
        recipients=participant_recipients(survey, include_all_registered=include_all_registered),
        base_url=base_url,
        by=by,
        early_reason=early_reason,
        audience="registered" if include_all_registered else "checked_in",
        progress=progress,
    )


def survey_remind(
    *, survey: Survey, base_url: str, by: Any, progress: Progress | None = None
) -> int:
    """A new one-time link to everyone invited who has not answered; returns how many."""
    require(by, MANAGE)
    if not survey_is_open(survey):
        raise SurveyClosed(_("Svarfristen er passert."))
    pending = list(survey.invitations.filter(spent=False).order_by("id"))
    for done, invitation in enumerate(pending):
        if progress is not None:
            progress(done, len(pending))
        with transaction.atomic():
            token = _new_link(invitation)
            _send(
                template="survey_reminder",
                invitation=invitation,
                survey=survey,
                link=_link(base_url, token),
            )
            SurveyInvitation.objects.filter(pk=invitation.pk).update(
                reminded_at=clock.now(), reminders=F("reminders") + 1
            )
    audit(
        action="survey.remind", target=f"survey:{survey.pk}", details={"sent": len(pending)}, by=by
    )
    return len(pending)


def survey_result_store(*, survey: Survey, by: Any) -> EvaluationResult:
    """Save the survey's figures as the cycle's EvaluationResult (source "survey"), beside imported ones.

    Idempotent: storing again updates the same row with the current figures.
    """
    from innspill.surveys.selectors import stats_year_figures, survey_stats

    require(by, MANAGE)
    stats = survey_stats(survey)
    figures = stats_year_figures(stats)
    stated: list[Figure] = [
        Figure(measure, value=value)
        for measure, value in (
            ("response_rate", figures.response_rate),
            ("satisfied", figures.satisfied_overall),
            ("attend_next_year", figures.would_attend_next_year),
            ("maybe_next_year", figures.maybe_next_year),
        )
        if value is not None
    ]
    overall = stats.overall
    asked = [
        row for row in stats.questions if row is not overall and row.positive_share is not None
    ]
    named = {
        pk: (number, title)
        for pk, number, title in Session.objects.filter(
            pk__in=[row.question.session_id for row in asked if row.question.session_id]
        ).values_list("pk", "number", "title")
    }
    for row in asked:
        # one figure per talk and per session it was asked about, named by that talk or session
        topic = row.question.topic
        if topic not in ("talk", "session"):
            continue
        number, title = named.get(row.question.session_id, (None, row.question.text))
        stated.append(
            Figure(
                "satisfied",
                topic,
                value=row.positive_share,  # type: ignore[arg-type]  # a share, e.g. 66.7
                sessions=[number] if topic == "session" and number else [],
                label=title,
            )
        )
    suggestions = [
        text
        for row in stats.questions
        if row.question.kind == QuestionKind.TEXT
        for text in stats.texts.get(row.question.pk, [])
    ]
    result = evaluation_result_store(
        cycle=survey.cycle,
        source="survey",
        figures=stated,
        suggestions=suggestions,
        invited=figures.invited,
        respondents=figures.respondents,
        by=by,
    )
    audit(action="survey.store_result", target=f"survey:{survey.pk}", by=by)
    return result


# --- answering ------------------------------------------------------------------------------


def questions_for(invitation: SurveyInvitation) -> list[Question]:
    """The questions this person is asked: everything but the parallel sessions they were not in.

    Without a known placement (none published, or registered after it) every session's question
    is shown; they are optional, so each answers for the session they were in.
    """
    questions = list(invitation.survey.questions.order_by("position", "id"))
    mine = set(invitation.sessions.values_list("id", flat=True))
    if not mine:
        return questions
    return [
        q
        for q in questions
        if not (q.topic == QuestionTopic.SESSION and q.session_id and q.session_id not in mine)
    ]


def check_token(token: str, *, now: datetime.datetime | None = None) -> SurveyLink:
    """The link for `token` if it can still be answered; raises TokenUnknown/TokenSpent/SurveyClosed."""
    link = link_for_token(token)
    if link is None:
        raise TokenUnknown(_("Lenken er ukjent."))
    if link.invitation.spent:
        raise TokenSpent(_("Lenken er allerede brukt."))
    if not survey_is_open(link.invitation.survey, now=now):
        raise SurveyClosed(_("Svarfristen er passert."))
    return link


def _valid_value(question: Question, value: str) -> bool:
    if question.kind == QuestionKind.SATISFACTION:
        return value in SATISFACTION_LABELS
    if question.kind == QuestionKind.INTENT:
        return value in INTENT_LABELS
    return True


def response_submit(
    *, token: str, answers: Mapping[int, str], now: datetime.datetime | None = None
) -> Response:
    """Spend the token and store the answers without any link to who gave them.

    The spend is a conditional UPDATE inside the transaction that creates the response, so two
    submits racing with one token store one response: the loser sees TokenSpent.
    """
    now = now or clock.now()
    with transaction.atomic():
        link = check_token(token, now=now)
        invitation = link.invitation
        # No time on either side: the invitation records only that its link was used and the
        # response only its week, so an answer cannot be matched to a person by when it came.
        spent = SurveyInvitation.objects.filter(pk=invitation.pk, spent=False).update(spent=True)
        if spent != 1:
            raise TokenSpent(_("Lenken er allerede brukt."))
        response = Response.objects.create(
            survey_id=invitation.survey_id, submitted_on=week_start(timezone.localdate(now))
        )
        rows = []
        for question in questions_for(invitation):
            value = (answers.get(question.pk) or "").strip()
            if not value or not _valid_value(question, value):
                continue
            if question.kind == QuestionKind.TEXT:
                rows.append(Answer(response=response, question=question, text=value[:5000]))
            else:
                rows.append(Answer(response=response, question=question, choice=value))
        Answer.objects.bulk_create(rows)
    return response


# --- comments ---------------------------------------------------------------------------------


def comment_categorise(*, answer: Answer, category: str, by: Any) -> Answer:
    """Set a comment's evaluation category by hand; an empty `category` hands it back to the lexicon."""
    require(by, MANAGE)
    if answer.text == "":
        raise ValueError("only a comment has a category")
    if category and category not in COMMENT_CATEGORY_LABELS:
        raise ValueError(f"unknown category {category!r}")
    before = answer.category
    answer.category = category
    answer.save(update_fields=["category"])
    audit(
        action="survey.comment_categorise",
        target=f"survey:{answer.question.survey_id}",
        details={"answer": answer.pk, "from": before, "to": category},
        by=by,
    )
    return answer
