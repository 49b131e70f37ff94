import datetime

import pytest

from innspill.cycles.models import Cycle
from innspill.documents.render import Evaluation
from innspill.surveys.models import Answer, Question, Response, Survey, SurveyInvitation
from innspill.surveys.selectors import survey_evaluation

pytestmark = pytest.mark.django_db


def _answer(survey, answers):
    response = Response.objects.create(survey=survey, submitted_on=datetime.date(2024, 11, 1))
    for question, value in answers.items():
        if not value:
            continue
        if question.kind == "text":
            Answer.objects.create(response=response, question=question, text=value)
        else:
            Answer.objects.create(response=response, question=question, choice=value)


def test_survey_evaluation_none_without_survey_or_responses():
    cycle = Cycle.objects.create(year=2024, title="Dialog")
    assert survey_evaluation(cycle) is None
    Survey.objects.create(cycle=cycle, title="Evaluering")
    assert survey_evaluation(cycle) is None


def test_survey_evaluation_shape():
    cycle = Cycle.objects.create(year=2024, title="Dialog")
    survey = Survey.objects.create(cycle=cycle, title="Evaluering")
    talk = Question.objects.create(
        survey=survey, position=1, kind="satisfaction", topic="talk", text="Innlegg A"
    )
    overall = Question.objects.create(
        survey=survey, position=2, kind="satisfaction", topic="overall", text="Samlet"
    )
    session = Question.objects.create(
        survey=survey, position=3, kind="satisfaction", topic="session", text="Sesjon 1"
    )
    intent = Question.objects.create(survey=survey, position=4, kind="intent", text="Neste år?")
    text = Question.objects.create(survey=survey, position=5, kind="text", text="Kommentarer")
    for i in range(4):
        SurveyInvitation.objects.create(survey=survey, email=f"p{i}@example.org")
    _answer(survey, {overall: "5", talk: "4", session: "1", intent: "ja", text: "Mer tid "})
    _answer(survey, {overall: "4", talk: "4", intent: "kanskje", text: ""})
    _answer(survey, {overall: "3", intent: "ja"})

    evaluation = survey_evaluation(cycle)

    levels = ("Svært fornøyd", "Fornøyd", "Verken eller", "Misfornøyd", "Svært misfornøyd")
    assert evaluation == Evaluation(
        respondents=3,
        invited=4,
        satisfaction={
            "Samlet": dict(zip(levels, (1, 1, 1, 0, 0), strict=True)),
            "Innlegg A": dict(zip(levels, (0, 2, 0, 0, 0), strict=True)),
            "Sesjon 1": dict(zip(levels, (0, 0, 0, 0, 1), strict=True)),
        },
        intent={"Ja": 2, "Kanskje": 1, "Nei": 0},
        suggestions=["Mer tid"],
        talk_questions=["Innlegg A"],
        session_questions=["Sesjon 1"],
    )
    assert list(evaluation.satisfaction) == ["Samlet", "Innlegg A", "Sesjon 1"]
