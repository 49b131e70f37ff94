"""The secretariat's cycle pages: create and edit a cycle, set its phases' dates."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.cycles.models import Cycle, CyclePhase
from innspill.cycles.services import cycle_create, cycle_phases_set, cycle_update
from tests.registrations.factories import staff_user


@pytest.fixture
def secretariat(db):
    return staff_user("secretariat")


@pytest.fixture
def logged_in(client, secretariat):
    client.force_login(secretariat)
    return client


def test_cycle_create_defaults_the_title_and_audits(secretariat):
    year = clock.today().year + 1
    cycle = cycle_create(year=year, title="", theme="Arbeid", by=secretariat)
    assert (cycle.title, cycle.theme) == (f"Den nasjonale integreringskonferansen {year}", "Arbeid")
    event = AuditEvent.objects.get(action="cycle.create")
    assert (event.target, event.details, event.user) == (str(cycle.pk), {"year": year}, secretariat)


def test_cycle_update_keeps_the_year_and_audits_the_fields(secretariat):
    cycle = Cycle.objects.create(year=2019, title="Gammel")
    cycle_update(cycle=cycle, title="Ny tittel", theme="Språk", description="", by=secretariat)
    cycle.refresh_from_db()
    assert (cycle.title, cycle.theme) == ("Ny tittel", "Språk")
    assert AuditEvent.objects.get(action="cycle.update").details == {"fields": ["theme", "title"]}
    with pytest.raises(ValueError):
        cycle_update(cycle=cycle, year=2020, by=secretariat)


def test_cycle_phases_set_creates_changes_and_removes(secretariat):
    cycle = Cycle.objects.create(year=2019, title="T")
    start = clock.today()
    changed = cycle_phases_set(
        cycle=cycle,
        phases={
            "input_gathering": (start, start + timedelta(days=30)),
            "conference": (start + timedelta(days=60), start + timedelta(days=60)),
        },
        by=secretariat,
    )
    assert changed == ["conference", "input_gathering"]
    again = cycle_phases_set(
        cycle=cycle,
        phases={
            "input_gathering": (start, start + timedelta(days=30)),
            "conference": None,
            "report": None,
        },
        by=secretariat,
    )
    assert again == ["conference"]
    assert list(cycle.phases.values_list("key", "starts_on", "ends_on")) == [
        ("input_gathering", start, start + timedelta(days=30))
    ]
    events = AuditEvent.objects.filter(action="cycle.phases").order_by("pk")
    assert [e.details["phases"] for e in events] == [
        {
            "input_gathering": [start.isoformat(), (start + timedelta(days=30)).isoformat()],
            "conference": [(start + timedelta(days=60)).isoformat()] * 2,
        },
        {"conference": None},
    ]


def test_cycle_services_refuse_other_roles(db):
    rapporteur = staff_user("rapporteur")
    cycle = Cycle.objects.create(year=2019, title="T")
    with pytest.raises(PermissionDenied):
        cycle_create(year=2030, title="", by=rapporteur)
    with pytest.raises(PermissionDenied):
        cycle_phases_set(cycle=cycle, phases={}, by=rapporteur)


def test_cycle_list_and_create_page(logged_in):
    Cycle.objects.create(year=2019, title="Før")
    response = logged_in.get(reverse("cycles:cycle-list"))
    assert response.status_code == 200
    assert [c.year for c in response.context["page"]] == [2019]
    year = clock.today().year + 1
    response = logged_in.post(reverse("cycles:cycle-create"), {"year": year, "title": ""})
    cycle = Cycle.objects.get(year=year)
    assert response["Location"] == reverse("cycles:cycle-edit", args=[cycle.pk])
    assert cycle.title == f"Den nasjonale integreringskonferansen {year}"


def test_create_page_refuses_a_year_that_exists(logged_in):
    Cycle.objects.create(year=2019, title="Før")
    response = logged_in.post(reverse("cycles:cycle-create"), {"year": 2019, "title": "X"})
    assert response.status_code == 200
    assert "Det finnes allerede en syklus for 2019." in response.content.decode()
    assert Cycle.objects.count() == 1


@pytest.mark.parametrize("n", [1, 3])
def test_cycle_list_query_count(logged_in, django_assert_num_queries, n):
    for i in range(n):
        Cycle.objects.create(year=2010 + i, title=f"T{i}")
    with django_assert_num_queries(6):
        logged_in.get(reverse("cycles:cycle-list"))


def test_edit_page_saves_the_cycle_and_the_phases_separately(logged_in):
    cycle = Cycle.objects.create(year=2019, title="T")
    url = reverse("cycles:cycle-edit", args=[cycle.pk])
    assert logged_in.get(url).status_code == 200
    response = logged_in.post(url, {"cycle-title": "Ny", "cycle-theme": "Bolig"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.year, cycle.title, cycle.theme) == (2019, "Ny", "Bolig")
    start = clock.today()
    response = logged_in.post(
        url,
        {
            "save-phases": "1",
            "phase-evaluation-starts": start.isoformat(),
            "phase-evaluation-ends": (start + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert list(CyclePhase.objects.values_list("key", "starts_on", "ends_on")) == [
        ("evaluation", start, start + timedelta(days=14))
    ]


def test_phase_dates_are_checked_with_norwegian_errors(logged_in):
    cycle = Cycle.objects.create(year=2019, title="T")
    start = clock.today()
    response = logged_in.post(
        reverse("cycles:cycle-edit", args=[cycle.pk]),
        {
            "save-phases": "1",
            "phase-report-starts": start.isoformat(),
            "phase-report-ends": (start - timedelta(days=1)).isoformat(),
            "phase-conference-starts": start.isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sluttdatoen kan ikke være før startdatoen." in body
    assert "Oppgi sluttdato, eller tøm begge datoene." in body
    assert CyclePhase.objects.count() == 0


@pytest.mark.parametrize("role", ["rapporteur", "ministry", "researcher"])
def test_roles_without_the_capability_get_403(client, db, role):
    cycle = Cycle.objects.create(year=2019, title="T")
    client.force_login(staff_user(role))
    for url in (
        reverse("cycles:cycle-list"),
        reverse("cycles:cycle-create"),
        reverse("cycles:cycle-edit", args=[cycle.pk]),
    ):
        assert client.get(url).status_code == 403
