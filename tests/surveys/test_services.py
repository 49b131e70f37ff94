import datetime

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from innspill.common.content import localized
from innspill.surveys import services
from innspill.surveys.models import Answer, Question, Response, SurveyInvitation, SurveyLink
from tests.surveys.factories import (
    BASE_URL,
    make_conference,
    make_survey,
    register,
    send_to,
    staff_user,
    token_in,
)

pytestmark = pytest.mark.django_db


def _texts(survey):
    return list(survey.questions.order_by("position").values_list("kind", "topic", "text"))


def test_default_questionnaire_follows_the_programme():
    conference = make_conference(plenary=2, parallel=2)
    survey = services.survey_create_default(cycle=conference.cycle, by=staff_user())
    assert survey.conference == conference
    assert _texts(survey) == [
        ("satisfaction", "overall", "Hvor fornøyd var du med konferansen samlet sett?"),
        ("satisfaction", "talk", "Innlegg: Innlegg 1"),
        ("satisfaction", "talk", "Innlegg: Innlegg 2"),
        ("satisfaction", "session", "Parallellsesjon 1: Sesjon 1"),
        ("satisfaction", "session", "Parallellsesjon 2: Sesjon 2"),
        ("intent", "other", "Vil du delta neste år?"),
        ("text", "other", "Kommentarer og forslag til neste års konferanse"),
    ]
    # a retry returns the same survey and does not add questions twice
    again = services.survey_create_default(cycle=conference.cycle, by=staff_user())
    assert (again.pk, survey.questions.count()) == (survey.pk, 7)


def test_only_managers_build_surveys():
    conference = make_conference()
    with pytest.raises(PermissionDenied):
        services.survey_create_default(cycle=conference.cycle, by=staff_user("researcher"))


def test_add_remove_and_reorder_questions():
    by = staff_user()
    survey = make_survey(by=by)
    added = services.question_add(survey=survey, kind="intent", text="Anbefaler du oss?", by=by)
    assert _texts(survey)[-1] == ("intent", "other", "Anbefaler du oss?")
    services.question_move(question=added, up=True, by=by)
    assert [t for _k, _t, t in _texts(survey)][-2:] == [
        "Anbefaler du oss?",
        "Kommentarer og forslag til neste års konferanse",
    ]
    first = survey.questions.order_by("position").first()
    services.question_move(question=first, up=True, by=by)  # already first: stays
    assert survey.questions.order_by("position").first() == first
    services.question_remove(question=added, by=by)
    assert survey.questions.filter(text="Anbefaler du oss?").count() == 0
    assert list(survey.questions.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]


def test_send_mails_one_link_each_and_is_idempotent():
    survey = make_survey()
    tokens = send_to(survey, ["a@example.org", "b@example.org"])
    assert sorted(tokens) == ["a@example.org", "b@example.org"]
    assert len(set(tokens.values())) == 2
    # the token itself is never stored, only its hash
    stored = set(SurveyLink.objects.values_list("token_hash", flat=True))
    assert stored == {services.token_hash(t) for t in tokens.values()}
    assert not stored & set(tokens.values())
    assert send_to(survey, ["A@example.org", "c@example.org"]) == {
        "c@example.org": token_in(mail.outbox[-1].body)
    }
    assert SurveyInvitation.objects.filter(survey=survey).count() == 3


def test_send_to_participants_uses_confirmed_registrations_and_their_language():
    survey = make_survey()
    register(survey.conference, "nb@example.org")
    register(survey.conference, "en@example.org", language="en")
    register(survey.conference, "waiting@example.org", status="waiting")
    sent = services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff_user())
    assert sent == 2
    assert localized(survey, "title", language="en").startswith("Evaluation of ")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "nb@example.org": f"Evaluering: {survey.title}",
        # the survey's title as translated for English readers
        "en@example.org": f"Evaluation: {localized(survey, 'title', language='en')}",
    }


def _answers(survey, **by_topic):
    out = {}
    for question in survey.questions.all():
        if question.kind == "satisfaction":
            out[question.pk] = "4"
        elif question.kind == "intent":
            out[question.pk] = "ja"
        else:
            out[question.pk] = "Mer tid til spørsmål"
    return out


def test_token_is_spent_once_double_submit_counts_once():
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    services.response_submit(token=token, answers=_answers(survey))
    with pytest.raises(services.TokenSpent):
        services.response_submit(token=token, answers=_answers(survey))
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 7
    assert SurveyInvitation.objects.get().spent is True


def test_unknown_token_and_closed_survey_are_refused():
    survey = make_survey(closes_at=timezone.now() + datetime.timedelta(days=1))
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    with pytest.raises(services.TokenUnknown):
        services.response_submit(token="nope", answers={})
    later = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(services.SurveyClosed):
        services.response_submit(token=token, answers=_answers(survey), now=later)
    assert Response.objects.count() == 0
    assert SurveyInvitation.objects.get().spent is False


def test_invalid_choices_are_not_stored():
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    overall = survey.questions.get(topic="overall")
    services.response_submit(token=token, answers={overall.pk: "11"})
    assert Answer.objects.count() == 0
    assert Response.objects.count() == 1


def test_reminders_go_only_to_those_who_have_not_answered_and_old_links_still_work():
    survey = make_survey()
    tokens = send_to(survey, ["a@example.org", "b@example.org", "c@example.org"])
    services.response_submit(token=tokens["b@example.org"], answers=_answers(survey))
    mail.outbox.clear()
    sent = services.survey_remind(survey=survey, base_url=BASE_URL, by=staff_user())
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    assert {m.subject for m in mail.outbox} == {f"Påminnelse: {survey.title}"}
    reminder = {m.to[0]: token_in(m.body) for m in mail.outbox}
    # the first link and the reminder's link both work, but only once between them
    services.response_submit(token=tokens["a@example.org"], answers=_answers(survey))
    with pytest.raises(services.TokenSpent):
        services.response_submit(token=reminder["a@example.org"], answers=_answers(survey))
    services.response_submit(token=reminder["c@example.org"], answers=_answers(survey))
    assert Response.objects.count() == 3
    mail.outbox.clear()
    assert services.survey_remind(survey=survey, base_url=BASE_URL, by=staff_user()) == 0
    assert mail.outbox == []
    assert list(SurveyInvitation.objects.order_by("email").values_list("reminders", flat=True)) == [
        1,
        0,
        1,
    ]


def test_no_sending_after_the_closing_date():
    survey = make_survey(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(services.SurveyClosed):
        services.survey_send(
            survey=survey, recipients=[("a@example.org", "nb")], base_url=BASE_URL, by=staff_user()
        )
    assert mail.outbox == []


def _fk_targets(model, seen):
    """Every model reachable from `model` by following forward foreign keys."""
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey | models.OneToOneField) and field.concrete:
            target = field.related_model
            if target not in seen:
                seen.add(target)
                _fk_targets(target, seen)
    return seen


def test_no_foreign_key_path_from_a_response_to_the_person():
    reachable = _fk_targets(Response, set()) | _fk_targets(Answer, set())
    personal = {
        SurveyInvitation,
        SurveyLink,
        apps.get_model("registrations", "Invitation"),
        apps.get_model("registrations", "Registration"),
        apps.get_model("auth", "User"),
    }
    if apps.is_installed("innspill.organisations"):
        personal.add(apps.get_model("organisations", "Person"))
    assert reachable & personal == set()
    forward = {
        model.__name__: sorted(f.name for f in model._meta.concrete_fields if f.is_relation)
        for model in (Response, Answer)
    }
    assert forward == {"Response": ["survey"], "Answer": ["question", "response"]}
    columns = {f.column for f in Response._meta.concrete_fields}
    assert columns == {"id", "survey_id", "submitted_on"}


def test_a_response_cannot_be_matched_to_its_invitation():
    survey = make_survey()
    tokens = send_to(survey, ["a@example.org", "b@example.org"])
    for token in tokens.values():
        services.response_submit(token=token, answers=_answers(survey))
    # the key is a random UUID: neither an invitation's or link's id nor a sequence number
    keys = {response.pk for response in Response.objects.all()}
    assert {k.version for k in keys} == {4}
    invitation_values = {str(i.pk) for i in SurveyInvitation.objects.all()}
    invitation_values |= {str(link.pk) for link in SurveyLink.objects.all()}
    invitation_values |= set(SurveyLink.objects.values_list("token_hash", flat=True))
    assert {str(k) for k in keys} & (invitation_values | set(tokens.values())) == set()
    assert Question.objects.filter(survey=survey).count() == 7


def test_database_refuses_an_empty_answer_row():
    survey = make_survey()
    response = Response.objects.create(survey=survey, submitted_on=timezone.localdate())
    question = survey.questions.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question)
    Answer.objects.create(response=response, question=question, choice="5")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, choice="4")
