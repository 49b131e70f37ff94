"""The evaluation as it happens: after the conference, to those who came, about their own session."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.conferences.models import Block, Conference, Session, SessionKind
from innspill.cycles.models import Cycle, EvaluationResult
from innspill.inputs.models import SourceDocument
from innspill.registrations.models import Assignment, PlacementRun
from innspill.surveys import selectors, services
from innspill.surveys.choices import COMMENT_CATEGORIES
from innspill.surveys.models import Answer, QuestionTopic, Survey, SurveyInvitation
from tests.surveys.factories import BASE_URL, close, register, staff_user, token_in

MONTHS_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
             "september", "oktober", "november", "desember"]  # fmt: skip


def long_day(day: datetime.date) -> str:
    """A date as the e-mails write it in bokmål and nynorsk (Django's DATE_FORMAT «j. F Y»)."""
    return f"{day.day}. {MONTHS_NB[day.month - 1]} {day.year}"


pytestmark = pytest.mark.django_db


def conference_today(*, parallel: int = 4) -> Conference:
    """Today's conference: two talks in the morning, `parallel` sessions in one block until 15:00."""
    today = clock.today()
    cycle, _ = Cycle.objects.get_or_create(year=today.year, defaults={"title": "Syklus"})
    conference = Conference.objects.create(cycle=cycle, title="Dialogkonferansen", date=today)

    def at(hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour)))

    for i in (1, 2):
        Session.objects.create(
            conference=conference,
            kind=SessionKind.PLENARY,
            number=i,
            title=f"Innlegg {i}",
            starts_at=at(8 + i),
            ends_at=at(9 + i),
        )
    block = Block.objects.create(conference=conference, title="Etter lunsj", position=1)
    for i in range(1, parallel + 1):
        Session.objects.create(
            conference=conference,
            kind=SessionKind.PARALLEL,
            number=i,
            title=f"Sesjon {i}",
            block=block,
            starts_at=at(13),
            ends_at=at(15),
        )
    return conference


def survey_for(conference: Conference, staff) -> Survey:
    return services.survey_create_default(cycle=conference.cycle, by=staff)


def after_conference(conference: Conference) -> float:
    """Hours from now to just after the conference's last session."""
    end = services.conference_ends_at(conference)
    return (end - clock.now()).total_seconds() / 3600 + 0.5


def place(conference: Conference, placements: dict) -> None:
    """Publish a placement: registration -> parallel session number."""
    run = PlacementRun.objects.create(conference=conference, published_at=clock.now())
    for registration, number in placements.items():
        session = conference.sessions.get(kind=SessionKind.PARALLEL, number=number)
        Assignment.objects.create(
            run=run, registration=registration, block=session.block, session=session, rank=1
        )


# --- when ---------------------------------------------------------------------------------


def test_the_conference_ends_with_its_last_session_or_at_midnight_after_its_day():
    conference = conference_today()
    assert timezone.localtime(services.conference_ends_at(conference)).time() == datetime.time(15)
    Session.objects.filter(conference=conference).update(starts_at=None, ends_at=None)
    end = timezone.localtime(services.conference_ends_at(conference))
    assert (end.date(), end.time()) == (
        clock.today() + datetime.timedelta(days=1),
        datetime.time(0),
    )
    Conference.objects.filter(pk=conference.pk).update(date=None)
    conference.refresh_from_db()
    assert services.conference_ends_at(conference) is None


def test_links_are_refused_before_the_conference_is_over_without_a_reason():
    staff = staff_user()
    conference = conference_today()
    register(conference, "kari@example.org")
    survey = survey_for(conference, staff)
    with (
        clock.moved(hours=after_conference(conference) - 1),
        pytest.raises(services.SurveyTooEarly) as refused,
    ):
        services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff)
    assert str(refused.value) == (
        f"Konferansen er ikke over før {clock.today():%d.%m.%Y} 15:00. "
        "Oppgi en begrunnelse for å sende før."
    )
    assert (mail.outbox, SurveyInvitation.objects.count()) == ([], 0)


def test_an_early_send_with_a_reason_is_recorded_on_the_survey_and_in_the_audit_log():
    staff = staff_user()
    conference = conference_today()
    register(conference, "kari@example.org")
    survey = survey_for(conference, staff)
    sent = services.survey_send_to_participants(
        survey=survey, base_url=BASE_URL, by=staff, early_reason="  Deltakerne reiser før slutt "
    )
    assert sent == 1
    survey.refresh_from_db()
    assert survey.early_reason == "Deltakerne reiser før slutt"
    event = AuditEvent.objects.get(action="survey.send")
    assert event.details == {
        "sent": 1,
        "audience": "checked_in",
        "early_reason": "Deltakerne reiser før slutt",
    }


def test_links_go_out_after_the_conference_without_a_reason():
    staff = staff_user()
    conference = conference_today()
    register(conference, "kari@example.org")
    survey = survey_for(conference, staff)
    with clock.moved(hours=after_conference(conference)):
        assert services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff) == 1
    survey.refresh_from_db()
    assert survey.early_reason == ""
    assert AuditEvent.objects.get(action="survey.send").details == {
        "sent": 1,
        "audience": "checked_in",
    }


def test_a_conference_without_a_date_needs_a_reason():
    staff = staff_user()
    conference = conference_today()
    Conference.objects.filter(pk=conference.pk).update(date=None)
    Session.objects.filter(conference=conference).update(starts_at=None, ends_at=None)
    survey = survey_for(conference, staff)
    with pytest.raises(services.SurveyTooEarly) as refused:
        services.survey_send(
            survey=survey, recipients=[("a@example.org", "nb")], base_url=BASE_URL, by=staff
        )
    assert (
        str(refused.value)
        == "Konferansen har ingen dato. Oppgi en begrunnelse for å sende likevel."
    )


# --- who ------------------------------------------------------------------------------------


def test_by_default_only_those_checked_in_get_the_link_and_the_thanks_fits():
    staff = staff_user()
    conference = conference_today()
    register(conference, "came@example.org")
    register(conference, "stayed.home@example.org", checked_in=False)
    register(conference, "waiting@example.org", status="waiting")
    survey = survey_for(conference, staff)
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.make_aware(
            datetime.datetime.combine(
                clock.today() + datetime.timedelta(days=14), datetime.time(12)
            )
        )
    )
    survey.refresh_from_db()
    with clock.moved(hours=after_conference(conference)):
        assert services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff) == 1
        assert [m.to for m in mail.outbox] == [["came@example.org"]]
        came = mail.outbox[0].body
        assert came.startswith(
            f"Hei,\n\nTakk for at du deltok på Dialogkonferansen {long_day(clock.today())}. "
        )
        deadline = clock.today() + datetime.timedelta(days=14)
        assert f"Svarfrist: {long_day(deadline)} 12:00." in came
        assert re.search(r"\nhttp://testserver/evaluering/svar/[\w-]+/\n", came)

        # the option to include everyone registered adds the one who did not check in
        assert (
            services.survey_send_to_participants(
                survey=survey, base_url=BASE_URL, by=staff, include_all_registered=True
            )
            == 1
        )
    assert mail.outbox[1].to == ["stayed.home@example.org"]
    home = mail.outbox[1].body
    assert "Takk for at du deltok" not in home
    assert home.startswith(
        f"Hei,\n\nDu var påmeldt til Dialogkonferansen {long_day(clock.today())}. Var du der, "
    )
    assert list(SurveyInvitation.objects.order_by("email").values_list("email", "attended")) == [
        ("came@example.org", True),
        ("stayed.home@example.org", False),
    ]
    assert [
        e.details["audience"]
        for e in AuditEvent.objects.filter(action="survey.send").order_by("id")
    ] == [
        "checked_in",
        "registered",
    ]


def test_the_reminder_names_the_conference_and_its_day():
    staff = staff_user()
    conference = conference_today()
    register(conference, "kari@example.org")
    survey = survey_for(conference, staff)
    with clock.moved(hours=after_conference(conference)):
        services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff)
        services.survey_remind(survey=survey, base_url=BASE_URL, by=staff)
    reminder = mail.outbox[1]
    assert reminder.subject == f"Påminnelse: {survey.title}"
    assert reminder.body.startswith(
        f"Hei,\n\nVi har ikke fått svar fra deg ennå om Dialogkonferansen {long_day(clock.today())}."
    )
    assert token_in(reminder.body) != token_in(mail.outbox[0].body)


# --- what they are asked --------------------------------------------------------------------


def test_each_respondent_is_asked_about_their_own_session_and_the_talks(client):
    staff = staff_user()
    conference = conference_today(parallel=8)
    kari = register(conference, "kari@example.org")
    ola = register(conference, "ola@example.org")
    place(conference, {kari: 3, ola: 7})
    survey = survey_for(conference, staff)
    assert survey.questions.filter(topic=QuestionTopic.SESSION).count() == 8
    with clock.moved(hours=after_conference(conference)):
        services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff)
        tokens = {m.to[0]: token_in(m.body) for m in mail.outbox}
        invitation = SurveyInvitation.objects.get(email="kari@example.org")
        assert [q.text for q in services.questions_for(invitation)] == [
            "Hvor fornøyd var du med konferansen samlet sett?",
            "Innlegg: Innlegg 1",
            "Innlegg: Innlegg 2",
            "Parallellsesjon 3: Sesjon 3",
            "Vil du delta neste år?",
            "Kommentarer og forslag til neste års konferanse",
        ]
        html = client.get(
            reverse("surveys:answer", args=[tokens["kari@example.org"]])
        ).content.decode()
        assert [t.strip() for t in re.findall(r"<legend>([^<]+)", html)] == [
            "Hvor fornøyd var du med konferansen samlet sett?",
            "Innlegg: Innlegg 1",
            "Innlegg: Innlegg 2",
            "Parallellsesjon 3: Sesjon 3",
            "Vil du delta neste år?",
        ]
        assert "<h2>Parallellsesjonen din</h2>" in html
        assert "Takk for at du deltok på Dialogkonferansen. Hva syntes du?" in html

        # an answer about a session the person was not in is not stored
        by_text = {q.text: q.pk for q in survey.questions.all()}
        services.response_submit(
            token=tokens["ola@example.org"],
            answers={
                by_text["Parallellsesjon 7: Sesjon 7"]: "4",
                by_text["Parallellsesjon 3: Sesjon 3"]: "1",
            },
        )
    assert list(Answer.objects.values_list("question__text", "choice")) == [
        ("Parallellsesjon 7: Sesjon 7", "4")
    ]


def test_without_a_published_placement_every_session_is_offered_as_optional():
    staff = staff_user()
    conference = conference_today(parallel=3)
    register(conference, "kari@example.org")
    survey = survey_for(conference, staff)
    with clock.moved(hours=after_conference(conference)):
        services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff)
    invitation = SurveyInvitation.objects.get()
    sessions = [q for q in services.questions_for(invitation) if q.topic == QuestionTopic.SESSION]
    assert [(q.text, q.required) for q in sessions] == [
        ("Parallellsesjon 1: Sesjon 1", False),
        ("Parallellsesjon 2: Sesjon 2", False),
        ("Parallellsesjon 3: Sesjon 3", False),
    ]


# --- comments -------------------------------------------------------------------------------


def test_category_labels_follow_the_lexicon_order():
    from innspill.analysis.feedback import CATEGORIES

    assert tuple(key for key, _label in COMMENT_CATEGORIES) == CATEGORIES


def answered_comments(texts: list[str]) -> Survey:
    staff = staff_user()
    conference = conference_today()
    survey = survey_for(conference, staff)
    comment = survey.questions.get(kind="text")
    emails = [f"p{i}@example.org" for i in range(len(texts))]
    with clock.moved(hours=after_conference(conference)):
        services.survey_send(
            survey=survey, recipients=[(e, "nb") for e in emails], base_url=BASE_URL, by=staff
        )
        for message, text in zip(mail.outbox, texts, strict=True):
            services.response_submit(token=token_in(message.body), answers={comment.pk: text})
    return survey


def test_comments_are_grouped_by_evaluation_category_and_staff_can_move_one(client):
    survey = answered_comments(
        [
            "Send programmet tidligere",
            "Salen var for kald",
            "Mer tid i gruppene",
            "Alt var bra",
        ]
    )
    question = survey.questions.get(kind="text")

    def groups():
        return [
            (key, label, [(c.text, c.suggested, c.corrected) for c in comments])
            for key, label, comments in selectors.survey_comments(survey, question)
        ]

    assert groups() == [
        ("program", "Programmet", [("Send programmet tidligere", "program", False)]),
        ("venue", "Lokalet", [("Salen var for kald", "venue", False)]),
        # «tid» (1.0) outweighs «gruppene» (0.9)
        ("time", "Tid og tidspunkt", [("Mer tid i gruppene", "time", False)]),
        ("other", "Annet", [("Alt var bra", "other", False)]),
    ]
    answer = Answer.objects.get(text="Send programmet tidligere")
    url = reverse("surveys:comment-category", args=[survey.pk, answer.pk])
    client.force_login(staff_user("researcher"))
    assert client.post(url, {"category": "practical"}).status_code == 403
    client.force_login(staff_user())
    response = client.post(url, {"category": "practical"})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("surveys:statistics", args=[survey.pk]) + f"#comment-{answer.pk}"
    )
    assert groups()[0] == (
        "practical",
        "Praktiske forhold",
        [("Send programmet tidligere", "program", True)],
    )
    event = AuditEvent.objects.get(action="survey.comment_categorise")
    assert event.details == {"answer": answer.pk, "from": "", "to": "practical"}
    # the page offers the suggestion back (an empty value) and marks the current choice
    html = client.get(reverse("surveys:statistics", args=[survey.pk])).content.decode()
    assert '<option value="">Programmet (foreslått)</option>' in html
    assert '<option value="practical" selected>Praktiske forhold</option>' in html
    # back to the lexicon's suggestion
    client.post(url, {"category": ""})
    answer.refresh_from_db()
    assert answer.category == ""
    # an unknown category changes nothing
    client.post(url, {"category": "adult-education"})
    answer.refresh_from_db()
    assert answer.category == ""


def test_a_scale_answer_has_no_category():
    survey = answered_comments(["Bra"])
    overall = survey.questions.get(topic="overall")
    response = survey.responses.get()
    answer = Answer.objects.create(response=response, question=overall, choice="5")
    with pytest.raises(ValueError):
        services.comment_categorise(answer=answer, category="venue", by=staff_user())


# --- the public summary and the years ---------------------------------------------------------


def test_public_figures_appear_only_when_the_survey_closes(client):
    survey = answered_comments(["a", "b", "c", "d", "e"])
    overall = survey.questions.get(topic="overall")
    for response in survey.responses.all():
        Answer.objects.create(response=response, question=overall, choice="5")
    staff = staff_user()
    services.survey_result_store(survey=survey, by=staff)  # stored while still open
    year = survey.cycle.year
    html = client.get(reverse("surveys:public", args=[year])).content.decode()
    assert "Evalueringen er åpen for svar. Resultatene vises her når den er avsluttet." in html
    assert "<td>100 %</td>" not in html
    assert f'<th scope="row">{year}</th>' not in html
    close(survey)
    html = client.get(reverse("surveys:public", args=[year])).content.decode()
    assert "Resultatene vises her" not in html
    assert html.count(f'<th scope="row">{year}</th>') == 1
    assert "<td>100 %</td>" in html


def test_each_year_shows_once_with_a_readable_source():
    cycle = Cycle.objects.create(year=clock.today().year - 3, title="Dialog")
    sha = "62ab8a973362" + "0" * 52
    SourceDocument.objects.create(
        sha256=sha, filename="rapport.pdf", title="Rapport fra dialogkonferansen"
    )
    EvaluationResult.objects.create(cycle=cycle, source="demo", response_rate=39.0)
    EvaluationResult.objects.create(cycle=cycle, source="import:62ab8a973362", response_rate=41.0)
    older = Cycle.objects.create(year=clock.today().year - 4, title="Dialog")
    EvaluationResult.objects.create(cycle=older, source="import:ffffffffffff", response_rate=30.0)
    EvaluationResult.objects.create(cycle=older, source="survey", response_rate=33.0)
    rows = [(r.year, r.source_label, r.response_rate) for r in selectors.year_figures()]
    assert rows == [
        (cycle.year, "Publisert rapport: Rapport fra dialogkonferansen", 41.0),
        (older.year, "Egen evaluering", 33.0),
    ]
    # an import whose document is gone still reads as a report, never as a hash
    EvaluationResult.objects.filter(cycle=older, source="survey").delete()
    assert [r.source_label for r in selectors.year_figures()] == [
        "Publisert rapport: Rapport fra dialogkonferansen",
        "Publisert rapport",
    ]


# --- the staff page and the command -----------------------------------------------------------


def test_the_builder_asks_for_a_reason_before_the_conference_is_over(client):
    staff = staff_user()
    conference = conference_today()
    register(conference, "kari@example.org")
    register(conference, "per@example.org", checked_in=False)
    survey = survey_for(conference, staff)
    client.force_login(staff)
    builder = reverse("surveys:builder", args=[survey.pk])
    html = client.get(builder).content.decode()
    assert "De som sjekket inn på konferansen (1 person)" in html
    assert "Alle påmeldte, også de som ikke sjekket inn (2 personer)" in html
    assert f"Konferansen er ikke over før {clock.today():%-d}." in html
    assert 'name="early_reason"' in html
    send = reverse("surveys:send", args=[survey.pk])
    response = client.post(send, {"what": "send"}, follow=True)
    assert response.redirect_chain == [(builder, 302)]
    assert "Konferansen er ikke over. Skriv en begrunnelse" in response.content.decode()
    assert mail.outbox == []
    # with a reason and everyone registered (the task runs inline in tests)
    client.post(send, {"what": "send", "audience": "registered", "early_reason": "Reiser tidlig"})
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@example.org", "per@example.org"]
    with clock.moved(hours=after_conference(conference)):
        assert 'name="early_reason"' not in client.get(builder).content.decode()


def test_command_sends_to_all_registered_with_a_reason(capsys):
    staff = staff_user()
    conference = conference_today()
    register(conference, "kari@example.org")
    register(conference, "per@example.org", checked_in=False)
    survey_for(conference, staff)
    year = str(conference.cycle.year)
    args = ["survey", "send", "--year", year, "--user", staff.username, "--base-url", BASE_URL]
    with pytest.raises(Exception, match="Oppgi en begrunnelse"):
        call_command(*args)
    call_command(*args, "--all-registered", "--early-reason", "Prøveutsending")
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@example.org", "per@example.org"]
    assert capsys.readouterr().out.strip().endswith("sendt: 2")


def test_the_e_mail_is_in_the_reader_s_language_with_their_month_names():
    staff = staff_user()
    conference = conference_today()
    register(conference, "nynorsk@example.org", language="nn")
    register(conference, "english@example.org", language="en")
    survey = survey_for(conference, staff)
    with clock.moved(hours=after_conference(conference)):
        services.survey_send_to_participants(survey=survey, base_url=BASE_URL, by=staff)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    day = clock.today()
    assert bodies["nynorsk@example.org"].startswith(
        f"Hei,\n\nTakk for at du deltok på Dialogkonferansen {long_day(day)}. Vi vil gjerne høyre"
    )
    month = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.",
             "Sept.", "Oct.", "Nov.", "Dec."][day.month - 1]  # fmt: skip
    assert bodies["english@example.org"].startswith(
        f"Hello,\n\nThank you for taking part in Dialogkonferansen on {month} {day.day}, {day.year}."
    )
