from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from innspill.conferences.ics import ics_escape, ics_fold
from innspill.conferences.models import Session, SessionKind
from tests.registrations.factories import make_conference, staff_user

OSLO = ZoneInfo("Europe/Oslo")


def unfold(text: str) -> list[str]:
    """RFC 5545 unfolding: CRLF followed by one space continues the previous line."""
    return text.replace("\r\n ", "").split("\r\n")


def parse_events(text: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and line:
            key, _, value = line.partition(":")
            current[key] = value
    return events


def test_ics_escape_and_fold():
    assert ics_escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    long = "SUMMARY:" + "æ" * 80
    folded = ics_fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_program_ics_parses_back(client, db):
    conference = make_conference(sessions=2)
    Session.objects.create(
        conference=conference,
        kind=SessionKind.PLENARY,
        title="Åpning; velkommen, alle",
        leader_name="Statsråd Ola",
        leader_role="arbeids- og inkluderingsminister",
        speakers="Ada Lovelace\nAlan Turing",
        room="Sal A",
        starts_at=datetime(2018, 11, 20, 9, 0, tzinfo=OSLO),
        ends_at=datetime(2018, 11, 20, 9, 30, tzinfo=OSLO),
    )
    response = client.get(reverse("conferences:calendar", args=[conference.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    events = parse_events(text)
    assert len(events) == 3
    opening = next(e for e in events if "velkommen" in e["SUMMARY"])
    assert opening["SUMMARY"] == "Åpning\\; velkommen\\, alle"
    assert opening["DTSTART"] == "20181120T080000Z"
    assert opening["DTEND"] == "20181120T083000Z"
    assert opening["DESCRIPTION"] == (
        "Statsråd Ola\\, arbeids- og inkluderingsminister\\nAda Lovelace\\, Alan Turing"
    )
    assert len({e["UID"] for e in events}) == 3


def test_public_program_groups_parallel_sessions(client, db):
    conference = make_conference(blocks=2, sessions=3)
    response = client.get(reverse("conferences:program", args=[conference.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="program-row program-block"') == 2
    assert html.count('class="program-item"') == 6
    assert "Rediger programmet" not in html


def test_program_query_count(client, db, django_assert_num_queries):
    for sessions in (1, 3):
        conference = make_conference(sessions=sessions)
        # conference, sessions with blocks (the layout's context adds none for anonymous users)
        with django_assert_num_queries(2):
            response = client.get(reverse("conferences:program", args=[conference.pk]))
        assert response.content.decode().count('class="program-item"') == sessions


def test_staff_edits_the_program(client, db):
    conference = make_conference(sessions=0, blocks=0)
    client.force_login(staff_user())
    edit = reverse("conferences:edit", args=[conference.pk])
    assert client.get(edit).status_code == 200
    assert client.get(reverse("conferences:list")).status_code == 200
    response = client.post(edit, {"block-title": "Parallellblokk 1", "block-position": 1})
    assert response.status_code == 302
    block = conference.blocks.get()
    url = reverse("conferences:session-create", args=[conference.pk])
    bad = client.post(url, {"kind": "parallel", "title": "Arbeid", "capacity": ""})
    assert bad.status_code == 200
    assert 'role="alert"' in bad.content.decode()
    assert "En parallellsesjon må høre til en parallellblokk." in bad.content.decode()
    response = client.post(
        url,
        {
            "kind": "parallel",
            "block": block.pk,
            "number": 1,
            "title": "Arbeid og kvalifisering",
            "leader_name": "Kari",
            "leader_role": "statssekretær",
            "speakers": "A\nB",
            "room": "Sal B",
            "capacity": 30,
            "starts_at": "2018-11-20T12:00",
            "ends_at": "2018-11-20T13:00",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(conference=conference)
    assert (session.block, session.capacity, session.speaker_list) == (block, 30, ["A", "B"])
    assert session.starts_at == datetime(2018, 11, 20, 12, 0, tzinfo=OSLO)


def test_researcher_cannot_manage_the_conference(client, db):
    conference = make_conference()
    client.force_login(staff_user("researcher"))
    for name in ("conferences:edit", "conferences:session-create"):
        assert client.get(reverse(name, args=[conference.pk])).status_code == 403
    for name in (
        "registrations:invitations",
        "registrations:placement",
        "registrations:registrations",
    ):
        assert client.get(reverse(name, args=[conference.pk])).status_code == 403
    assert client.get(reverse("registrations:checkin", args=[conference.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    conference = make_conference()
    response = client.get(reverse("conferences:edit", args=[conference.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("n", [1, 3])
def test_conference_list_query_count(client, db, django_assert_num_queries, n):
    for _ in range(n):
        make_conference(sessions=0)
    with django_assert_num_queries(1):
        response = client.get(reverse("conferences:list"))
    assert response.content.decode().count("Integreringskonferansen 2018 (") == n


def test_staff_program_edits_go_through_services_and_are_audited(client, db):
    from innspill.common.models import AuditEvent
    from innspill.cycles.models import Cycle

    user = staff_user()
    client.force_login(user)
    cycle = Cycle.objects.create(year=2019, title="Syklus 2019")
    response = client.post(
        reverse("conferences:create"),
        {"cycle": cycle.pk, "title": "Integreringskonferansen 2019", "venue": "Bodø"},
    )
    conference = cycle.conferences.get()
    assert response["Location"] == reverse("conferences:edit", args=[conference.pk])
    edit = reverse("conferences:edit", args=[conference.pk])
    client.post(
        edit, {"conf-cycle": cycle.pk, "conf-title": conference.title, "conf-venue": "Tromsø"}
    )
    client.post(edit, {"block-title": "Parallellblokk 1", "block-position": 1})
    block = conference.blocks.get()
    create = reverse("conferences:session-create", args=[conference.pk])
    fields = {"kind": "parallel", "block": block.pk, "number": 1, "title": "Arbeid", "capacity": 30}
    client.post(create, fields)
    session = conference.sessions.get()
    item = reverse("conferences:session-edit", args=[conference.pk, session.pk])
    client.post(item, fields | {"title": "Arbeid og språk", "room": "Sal B"})
    session.refresh_from_db()
    assert (session.title, session.room) == ("Arbeid og språk", "Sal B")
    client.post(item, {"delete": "1"})
    assert conference.sessions.count() == 0
    events = AuditEvent.objects.order_by("at", "id")
    assert [(e.action, e.user, e.details.get("fields")) for e in events] == [
        ("conference.create", user, None),
        ("conference.update", user, ["venue"]),
        ("block.create", user, None),
        ("session.create", user, None),
        ("session.update", user, ["room", "title"]),
        ("session.delete", user, None),
    ]
