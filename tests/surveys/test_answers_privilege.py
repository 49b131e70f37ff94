"""Least privilege: comments and per-respondent rows only for the secretariat (issue 19.8)."""

import re

import pytest
from django.urls import reverse

from innspill.surveys import services
from tests.surveys.factories import make_survey, send_to, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    survey = make_survey(year=2024)
    questions = list(survey.questions.order_by("position"))
    token = next(iter(send_to(survey, ["p@example.org"]).values()))
    services.response_submit(
        token=token, answers={questions[0].pk: "5", questions[-1].pk: "Bedre lyd i salen"}
    )
    return survey


@pytest.mark.parametrize("role", ["researcher", "ministry", "rapporteur"])
def test_other_roles_see_the_figures_but_no_comment_or_row(client, answered, role):
    client.force_login(staff_user(role))
    response = client.get(reverse("surveys:statistics", args=[answered.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>100 %</td>" in html  # the one respondent was satisfied
    assert "Bedre lyd i salen" not in html
    assert reverse("surveys:export-csv", args=[answered.pk]) not in html
    assert "Kommentarene og svarene per person vises bare for sekretariatet." in html
    for name in ("surveys:export-csv", "surveys:export-xlsx"):
        assert client.get(reverse(name, args=[answered.pk])).status_code == 403


@pytest.mark.parametrize("role", ["secretariat", "admin"])
def test_the_secretariat_reads_comments_and_rows(client, answered, role):
    client.force_login(staff_user(role))
    html = client.get(reverse("surveys:statistics", args=[answered.pk])).content.decode()
    assert re.search(r'<li id="comment-\d+">Bedre lyd i salen', html)
    body = client.get(reverse("surveys:export-csv", args=[answered.pk])).content.decode()
    assert body.splitlines()[1].endswith(";Bedre lyd i salen")
