import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innspill.cycles.models import Cycle, EvaluationResult
from innspill.surveys import services
from innspill.surveys.exports import export_csv, export_xlsx
from innspill.surveys.selectors import (
    YearFigures,
    stats_year_figures,
    survey_evaluation,
    survey_stats,
    year_figures,
)
from tests.surveys.factories import close, make_survey, reopen, send_to, staff_user

pytestmark = pytest.mark.django_db

SHEETS = [
    # overall, talk 1, talk 2, session 1, session 2, intent, comment
    ("5", "4", "3", "5", "", "ja", "Mer tid til diskusjon i gruppene"),
    ("4", "4", "2", "", "1", "kanskje", ""),
    ("2", "5", "3", "", "", "ja", "Bedre lyd i salen"),
]


@pytest.fixture
def answered():
    survey = make_survey(year=2024)
    questions = list(survey.questions.order_by("position"))
    tokens = send_to(survey, [f"p{i}@example.org" for i in range(4)])
    for sheet, token in zip(SHEETS, tokens.values(), strict=False):
        answers = {q.pk: value for q, value in zip(questions, sheet, strict=True)}
        services.response_submit(token=token, answers=answers)
    return survey


def test_statistics_are_computed_exactly(answered):
    stats = survey_stats(answered)
    assert (stats.invited, stats.spent, stats.respondents, stats.response_rate) == (4, 3, 3, 75.0)
    rows = {
        q.question.text: (
            q.answered,
            q.positive_share,
            [(n, share) for _l, n, share in q.distribution],
        )
        for q in stats.questions
    }
    assert rows == {
        "Hvor fornøyd var du med konferansen samlet sett?": (
            3,
            66.7,
            [(1, 33.3), (1, 33.3), (0, 0.0), (1, 33.3), (0, 0.0)],
        ),
        "Innlegg: Innlegg 1": (3, 100.0, [(1, 33.3), (2, 66.7), (0, 0.0), (0, 0.0), (0, 0.0)]),
        "Innlegg: Innlegg 2": (3, 0.0, [(0, 0.0), (0, 0.0), (2, 66.7), (1, 33.3), (0, 0.0)]),
        "Parallellsesjon 1: Sesjon 1": (
            1,
            100.0,
            [(1, 100.0), (0, 0.0), (0, 0.0), (0, 0.0), (0, 0.0)],
        ),
        "Parallellsesjon 2: Sesjon 2": (
            1,
            0.0,
            [(0, 0.0), (0, 0.0), (0, 0.0), (0, 0.0), (1, 100.0)],
        ),
        "Vil du delta neste år?": (3, None, [(2, 66.7), (1, 33.3), (0, 0.0)]),
        "Kommentarer og forslag til neste års konferanse": (2, None, []),
    }
    assert stats_year_figures(stats) == YearFigures(
        year=2024,
        source="survey",
        invited=4,
        respondents=3,
        response_rate=75.0,
        satisfied_overall=66.7,
        would_attend_next_year=66.7,
        maybe_next_year=33.3,
        source_label="Egen evaluering",
    )


def test_survey_evaluation_from_real_answers(answered):
    evaluation = survey_evaluation(answered.cycle)
    assert (evaluation.respondents, evaluation.invited) == (3, 4)
    assert evaluation.intent == {"Ja": 2, "Kanskje": 1, "Nei": 0}
    assert evaluation.talk_questions == ["Innlegg: Innlegg 1", "Innlegg: Innlegg 2"]
    assert evaluation.session_questions == [
        "Parallellsesjon 1: Sesjon 1",
        "Parallellsesjon 2: Sesjon 2",
    ]
    assert next(iter(evaluation.satisfaction.values())) == {
        "Svært fornøyd": 1,
        "Fornøyd": 1,
        "Verken eller": 0,
        "Misfornøyd": 1,
        "Svært misfornøyd": 0,
    }
    assert sorted(evaluation.suggestions) == [
        "Bedre lyd i salen",
        "Mer tid til diskusjon i gruppene",
    ]


def test_imported_figures_are_listed_by_year():
    cycle = Cycle.objects.create(year=2019, title="Dialog 2019")
    EvaluationResult.objects.create(
        cycle=cycle, response_rate=41.0, satisfied_overall=88.0, would_attend_next_year=70.0
    )
    assert year_figures() == [
        YearFigures(
            year=2019,
            source="import",
            invited=None,
            respondents=None,
            response_rate=41.0,
            satisfied_overall=88.0,
            would_attend_next_year=70.0,
            maybe_next_year=None,
            source_label="Publisert rapport",
        )
    ]


def test_csv_export_opens_back(answered):
    rows = list(csv.reader(io.StringIO(export_csv(answered).removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][1:] == list(
        answered.questions.order_by("position").values_list("text", flat=True)
    )
    body = sorted(row[1:] for row in rows[1:])
    assert body == sorted(
        [
            [
                "Svært fornøyd",
                "Fornøyd",
                "Verken eller",
                "Svært fornøyd",
                "",
                "Ja",
                "Mer tid til diskusjon i gruppene",
            ],
            ["Fornøyd", "Fornøyd", "Misfornøyd", "", "Svært misfornøyd", "Kanskje", ""],
            ["Misfornøyd", "Svært fornøyd", "Verken eller", "", "", "Ja", "Bedre lyd i salen"],
        ]
    )


def test_xlsx_export_opens_back(answered):
    workbook = load_workbook(io.BytesIO(export_xlsx(answered, survey_stats(answered))))
    assert workbook.sheetnames == ["Svar", "Statistikk"]
    answers = list(workbook["Svar"].iter_rows(values_only=True))
    assert len(answers) == 4
    summary = list(workbook["Statistikk"].iter_rows(values_only=True))
    assert summary[:3] == [
        ("Inviterte", 4, None, None, None),
        ("Svar", 3, None, None, None),
        ("Svarprosent", 75, None, None, None),
    ]
    assert ("Vil du delta neste år?", "Ja", 2, 66.7, None) in summary


def test_formula_like_comments_are_neutralised_in_exports():
    survey = make_survey()
    token = send_to(survey, ["a@example.org"])["a@example.org"]
    comment = survey.questions.get(kind="text")
    services.response_submit(token=token, answers={comment.pk: '=HYPERLINK("x")'})
    rows = list(csv.reader(io.StringIO(export_csv(survey).removeprefix("\ufeff")), delimiter=";"))
    assert rows[1][-1] == '\'=HYPERLINK("x")'


def test_statistics_page_shows_figures_charts_and_grouped_comments(client, answered):
    client.force_login(staff_user())
    html = client.get(reverse("surveys:statistics", args=[answered.pk])).content.decode()
    assert "<strong>75 %</strong>" in html
    overall = (
        '<th scope="row">Hvor fornøyd var du med konferansen samlet sett?</th>\n'
        "    <td>66,7 %</td>\n"
        "    <td>1 (33,3 %)</td><td>1 (33,3 %)</td><td>0 (0 %)</td><td>1 (33,3 %)</td><td>0 (0 %)</td>\n"
        "    <td>3</td>"
    )
    assert overall in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 2
    # the comments stand under evaluation categories, in their order, not the input themes
    headings = re.findall(r"<h3>(.+) \((\d+)\)</h3>", html)
    assert headings == [("Parallellsesjonene", "1"), ("Lokalet", "1")]
    items = re.findall(r'<li id="comment-\d+">([^<\n]+)', html)
    assert items == ["Mer tid til diskusjon i gruppene", "Bedre lyd i salen"]
    assert '<th scope="row">2024</th>' in html


def test_staff_pages_need_a_staff_role(client, answered):
    url = reverse("surveys:statistics", args=[answered.pk])
    assert client.get(url).status_code == 302
    client.force_login(staff_user("ministry"))
    assert client.get(url).status_code == 200
    assert client.get(reverse("surveys:builder", args=[answered.pk])).status_code == 403


def test_public_summary_shows_figures_but_no_comments(client, answered):
    EvaluationResult.objects.create(
        cycle=Cycle.objects.create(year=2019, title="Dialog"), response_rate=41.0
    )
    close(answered)
    # three answers are too few to publish
    html = client.get(reverse("surveys:public", args=[2024])).content.decode()
    assert "færre enn 5 svar" in html
    assert ("<td>66,7 %</td>" in html, '<th scope="row">2024</th>' in html) == (False, False)
    assert '<th scope="row">2019</th>' in html
    questions = list(answered.questions.order_by("position"))
    reopen(answered)
    tokens = send_to(answered, ["p4@example.org", "p5@example.org"])
    for token in tokens.values():
        services.response_submit(token=token, answers={questions[0].pk: "5"})
    close(answered)
    response = client.get(reverse("surveys:public", args=[2024]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>80 %</td>" in html  # 4 of 5 satisfied overall
    assert "Bedre lyd i salen" not in html
    assert '<th scope="row">2024</th>' in html
    assert client.get(reverse("surveys:public", args=[2030])).status_code == 404


def test_exports_download(client, answered):
    client.force_login(staff_user())
    csv_response = client.get(reverse("surveys:export-csv", args=[answered.pk]))
    assert csv_response["Content-Disposition"] == 'attachment; filename="evaluering-2024.csv"'
    xlsx = client.get(reverse("surveys:export-xlsx", args=[answered.pk]))
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Svar", "Statistikk"]


@pytest.mark.parametrize("n", [1, 3])
def test_statistics_and_public_pages_query_count(client, django_assert_num_queries, n):
    survey = make_survey(year=2024)
    questions = list(survey.questions.order_by("position"))
    tokens = send_to(survey, [f"p{i}@example.org" for i in range(n)])
    for sheet, token in zip(SHEETS, tokens.values(), strict=False):
        services.response_submit(
            token=token, answers={q.pk: v for q, v in zip(questions, sheet, strict=True)}
        )
    client.force_login(staff_user())
    # session, user, groups; survey; invited, spent, responses; counts, questions, texts;
    # the comments; imported figures; the session's second-factor device (django-otp)
    with django_assert_num_queries(13):
        client.get(reverse("surveys:statistics", args=[survey.pk]))
    client.logout()
    # cycle, survey; open surveys; imported figures (the open survey's figures are not read)
    with django_assert_num_queries(4):
        client.get(reverse("surveys:public", args=[2024]))
    close(survey)
    # cycle, survey; invited, spent, responses; counts, questions, texts; open surveys; imported
    with django_assert_num_queries(10):
        client.get(reverse("surveys:public", args=[2024]))


def test_figures_are_stored_beside_the_imported_ones_once(client, answered):
    staff = staff_user()
    client.force_login(staff)
    url = reverse("surveys:store-result", args=[answered.pk])
    client.post(url)
    client.post(url)  # storing again updates the same row
    result = EvaluationResult.objects.get(cycle=answered.cycle)
    assert (result.source, result.invited, result.respondents, result.response_rate) == (
        "survey",
        4,
        3,
        75.0,
    )
    assert (result.satisfied_overall, result.would_attend_next_year, result.maybe_next_year) == (
        66.7,
        66.7,
        33.3,
    )
    # each talk and session asked about keeps its own figure, named by the talk or session
    blank = {"min": None, "max": None, "sessions": [], "label": "", "page": None, "qualifier": ""}
    assert result.figures == [
        {**blank, "measure": "response_rate", "subject": "overall", "value": 75},
        {**blank, "measure": "satisfied", "subject": "overall", "value": 66.7},
        {**blank, "measure": "attend_next_year", "subject": "overall", "value": 66.7},
        {**blank, "measure": "maybe_next_year", "subject": "overall", "value": 33.3},
        {**blank, "measure": "satisfied", "subject": "talk", "value": 100, "label": "Innlegg 1"},
        {**blank, "measure": "satisfied", "subject": "talk", "value": 0, "label": "Innlegg 2"},
        {
            **blank, "measure": "satisfied", "subject": "session", "value": 100,
            "sessions": [1], "label": "Sesjon 1",
        },
        {
            **blank, "measure": "satisfied", "subject": "session", "value": 0,
            "sessions": [2], "label": "Sesjon 2",
        },
    ]  # fmt: skip
    assert sorted(result.suggestions) == ["Bedre lyd i salen", "Mer tid til diskusjon i gruppene"]
    # the page shows the live figures once, not the stored copy beside them
    html = client.get(reverse("surveys:statistics", args=[answered.pk])).content.decode()
    assert html.count('<th scope="row">2024</th>') == 1
    assert year_figures() == [stats_year_figures(survey_stats(answered))]


def test_exports_store_a_hostile_comment_as_text(client):
    survey = make_survey(year=2024)
    questions = list(survey.questions.order_by("position"))
    (token,) = send_to(survey, ["p@example.org"]).values()
    sheet = ("5", "4", "3", "5", "", "ja", '=HYPERLINK("http://evil.example","klikk")')
    services.response_submit(
        token=token, answers={q.pk: v for q, v in zip(questions, sheet, strict=True)}
    )
    client.force_login(staff_user())
    body = client.get(reverse("surveys:export-csv", args=[survey.pk])).content.decode()
    assert "'=HYPERLINK" in body and ";=HYPERLINK" not in body
    xlsx = client.get(reverse("surveys:export-xlsx", args=[survey.pk])).content
    cells = [c for row in load_workbook(io.BytesIO(xlsx))["Svar"].iter_rows() for c in row]
    hostile = [c for c in cells if str(c.value).startswith("=HYPERLINK")]
    assert [c.data_type for c in hostile] == ["s"]
