"""No time of answering is kept, and the addresses a survey went to are anonymised after retention."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.surveys import services
from innspill.surveys.models import Response, SurveyInvitation, SurveyLink, week_start
from innspill.surveys.privacy import survey_contacts_purge
from tests.surveys.factories import make_survey, send_to


def _answers(survey):
    return {q.pk: "4" for q in survey.questions.filter(kind="satisfaction")}


def test_a_response_keeps_its_week_and_the_invitation_no_date(db):
    survey = make_survey()
    tokens = send_to(survey, ["a@example.org"])
    now = clock.now()
    services.response_submit(token=tokens["a@example.org"], answers=_answers(survey), now=now)
    today = clock.today()
    assert Response.objects.get().submitted_on == today - datetime.timedelta(days=today.weekday())
    assert Response.objects.get().submitted_on.weekday() == 0
    dated = {
        f.name
        for f in SurveyInvitation._meta.concrete_fields
        if f.get_internal_type() in {"DateField", "DateTimeField"}
    }
    # sent and reminded: when staff sent, not when the person answered
    assert dated == {"sent_at", "reminded_at"}
    assert SurveyInvitation.objects.get().spent is True


def test_week_start_is_the_monday():
    sunday = datetime.date.fromisoformat("2025-03-09")
    assert [week_start(sunday - datetime.timedelta(days=n)) for n in range(8)] == [
        datetime.date.fromisoformat("2025-03-03")
    ] * 7 + [datetime.date.fromisoformat("2025-02-24")]


def test_survey_addresses_are_anonymised_after_the_retention_time(db, settings):
    survey = make_survey()
    # the conference was yesterday: the survey goes out after it, as it must
    survey.conference.date = clock.today() - datetime.timedelta(days=1)
    survey.conference.save(update_fields=["date"])
    tokens = send_to(survey, ["a@example.org", "b@example.org"])
    services.response_submit(token=tokens["a@example.org"], answers=_answers(survey))
    assert survey_contacts_purge() == 0
    days = settings.INNSPILL["PERSONAL_DATA_RETENTION_DAYS"]
    with clock.moved(days=days + 1):
        assert survey_contacts_purge() == 2
        assert survey_contacts_purge() == 0
    rows = list(SurveyInvitation.objects.order_by("id").values_list("pk", "email", "spent"))
    assert rows == [
        (rows[0][0], f"slettet-{rows[0][0]}@anonymisert.invalid", True),
        (rows[1][0], f"slettet-{rows[1][0]}@anonymisert.invalid", False),
    ]
    assert SurveyLink.objects.count() == 0
    assert AuditEvent.objects.get(action="personal_data.retention").details == {
        "survey_contacts": 2
    }


@pytest.mark.django_db(transaction=True)
def test_migration_coarsens_existing_answers_and_spent_links():
    executor = MigrationExecutor(connection)
    before = [("surveys", "0005_evaluation_realism")]
    after = [("surveys", "0006_no_time_of_answering")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    cycle = old.get_model("cycles", "Cycle").objects.create(year=2019, title="Syklus")
    survey = old.get_model("surveys", "Survey").objects.create(cycle_id=cycle.pk, title="E")
    invitations = old.get_model("surveys", "SurveyInvitation").objects
    invitations.create(survey_id=survey.pk, email="a@example.org", spent_on="2019-11-21")
    invitations.create(survey_id=survey.pk, email="b@example.org")
    responses = old.get_model("surveys", "Response").objects
    for day in ("2019-11-21", "2019-11-24", "2019-11-25"):
        responses.create(survey_id=survey.pk, submitted_on=day)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    days = new.get_model("surveys", "Response").objects.order_by("submitted_on")
    assert [str(d) for d in days.values_list("submitted_on", flat=True)] == [
        "2019-11-18",
        "2019-11-18",
        "2019-11-25",
    ]
    spent = new.get_model("surveys", "SurveyInvitation").objects.order_by("email")
    assert list(spent.values_list("email", "spent")) == [
        ("a@example.org", True),
        ("b@example.org", False),
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
