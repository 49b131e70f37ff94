import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innspill.common.models import Task
from innspill.surveys.models import Question, Survey
from tests.surveys.factories import make_conference, make_survey, register, staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 3])
def test_survey_list_query_count(client, django_assert_num_queries, n):
    for year in range(2020, 2020 + n):
        make_survey(year=year)
    make_conference(year=2030)  # a cycle without a survey, offered in the create form
    client.force_login(staff_user())
    # session + user + groups, surveys with counts, cycles without a survey
    # one of the queries loads the session's second-factor device (django-otp)
    with django_assert_num_queries(6):
        response = client.get(reverse("surveys:list"))
    html = response.content.decode()
    assert html.count('<th scope="row">20') == n
    assert '<option value="' in html and "2030: Syklus 2030" in html


def test_create_from_the_list_and_edit_in_the_builder(client):
    conference = make_conference(year=2025, plenary=1, parallel=1)
    client.force_login(staff_user())
    response = client.post(reverse("surveys:create"), {"cycle": conference.cycle.pk})
    survey = Survey.objects.get(cycle=conference.cycle)
    assert response["Location"] == reverse("surveys:builder", args=[survey.pk])
    url = response["Location"]
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"action": "add", "text": "Hvordan var maten?", "kind": "satisfaction", "topic": "other"},
    )
    added = Question.objects.get(text="Hvordan var maten?")
    assert (added.position, added.required) == (6, False)
    client.post(reverse("surveys:question-move", args=[survey.pk, added.pk]), {"up": "1"})
    added.refresh_from_db()
    assert added.position == 5
    client.post(reverse("surveys:question-remove", args=[survey.pk, added.pk]))
    assert not Question.objects.filter(pk=added.pk).exists()
    client.post(
        url,
        {
            "action": "settings",
            "title": "Evaluering 2025",
            "intro": "",
            "closes_at": "2025-12-01T12:00",
        },
    )
    survey.refresh_from_db()
    assert (survey.title, survey.closes_at.isoformat()) == (
        "Evaluering 2025",
        "2025-12-01T11:00:00+00:00",
    )


def test_builder_shows_errors_for_an_empty_question(client):
    survey = make_survey()
    client.force_login(staff_user())
    response = client.post(
        reverse("surveys:builder", args=[survey.pk]), {"action": "add", "text": "", "kind": "text"}
    )
    assert response.status_code == 400
    assert 'class="ds-error-summary error-summary" role="alert"' in response.content.decode()
    assert survey.questions.count() == 7


def test_send_and_remind_from_the_builder_run_as_tasks(client):
    survey = make_survey()
    register(survey.conference, "a@example.org")
    register(survey.conference, "b@example.org")
    client.force_login(staff_user())
    url = reverse("surveys:send", args=[survey.pk])
    response = client.post(url, {"what": "send"})
    task = Task.objects.get()
    assert response["Location"] == reverse("accounts:task-detail", args=[task.pk])
    assert (task.status, task.result) == (
        "done",
        {"sent": 2, "next_url": reverse("surveys:builder", args=[survey.pk])},
    )
    client.post(url, {"what": "send"})  # a second click sends nothing new
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    client.post(url, {"what": "remind"})
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].subject.startswith("Påminnelse")
    assert [t.result["sent"] for t in Task.objects.order_by("pk")] == [2, 0, 2]


def test_nothing_is_sent_after_the_closing_date(client):
    survey = make_survey(closes_at=timezone.now() - datetime.timedelta(days=1))
    register(survey.conference, "a@example.org")
    client.force_login(staff_user())
    response = client.post(reverse("surveys:send", args=[survey.pk]), {"what": "send"})
    assert response["Location"] == reverse("surveys:builder", args=[survey.pk])
    assert (mail.outbox, Task.objects.count()) == ([], 0)
