"""Regional input meetings: place, attendance by type, and inputs typed, read from notes or captured."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innspill.common import clock
from innspill.cycles.models import Meeting
from innspill.cycles.services import cycle_get_or_create
from innspill.inputs.models import Input, Origin
from innspill.meetings import services
from tests.capture.factories import open_capture, send


@pytest.fixture
def staff(db):
    user = User.objects.create_user("sekretariat", password="x", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    return user


@pytest.fixture
def meeting(staff, vocabulary):
    return services.meeting_save(
        cycle=cycle_get_or_create(year=clock.today().year),
        place="Bodø rådhus",
        municipality="Bodø",
        date=clock.today() - dt.timedelta(days=3),
        attendance_by_type={"kommune": 4, "frivillig_organisasjon": "7", "innvandrerrad": 0},
        by=staff,
    )


def test_attendance_by_type_sets_the_total_and_the_municipality_is_looked_up(meeting):
    assert meeting.attendance_by_type == {"kommune": 4, "frivillig_organisasjon": 7}
    assert (meeting.attendance, meeting.municipality_number) == (11, "1804")


def test_an_unknown_type_or_municipality_is_refused(staff, meeting):
    with pytest.raises(services.MeetingError):
        services.meeting_save(meeting=meeting, place="X", attendance_by_type={"klubb": 2}, by=staff)
    with pytest.raises(services.MeetingError):
        services.meeting_save(meeting=meeting, place="X", municipality="Atlantis", by=staff)


def test_inputs_typed_in_are_stored_once_with_the_meeting_and_region(staff, meeting):
    texts = ["Flere språkpraksisplasser i kommunen.", "", "Flere språkpraksisplasser i kommunen."]
    assert (
        services.meeting_inputs_add(
            meeting=meeting, texts=texts, organisation_type="kommune", by=staff
        )
        == 1
    )
    item = Input.objects.get(meeting=meeting)
    assert (item.origin, item.organisation_type, item.region, item.year) == (
        Origin.MEETING,
        "kommune",
        "nordland",
        clock.today().year,
    )


def test_the_same_words_at_two_meetings_are_two_inputs(staff, meeting):
    other = services.meeting_save(cycle=meeting.cycle, place="Tromsø", attendance=20, by=staff)
    assert other.municipality_number == "5501"
    for m in (meeting, other):
        services.meeting_inputs_add(meeting=m, texts=["Tolk må bestilles tidlig."], by=staff)
    assert Input.objects.filter(origin=Origin.MEETING).count() == 2


def test_inputs_in_notes_are_bullets_and_paragraphs():
    notes = "Referat\n\n• Gratis norskkurs for alle\n- Mer tolk\n\nDeltakerne ønsket seg flere\nmøteplasser i kommunen.\n\nSlutt"
    assert services.inputs_in_text(notes) == [
        "Gratis norskkurs for alle",
        "Mer tolk",
        "Deltakerne ønsket seg flere møteplasser i kommunen.",
    ]


def test_staff_pages_create_a_meeting_and_import_its_notes(client, staff, vocabulary):
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting-list"),
        {
            "year": clock.today().year,
            "place": "Kinn",
            "date": clock.today().isoformat(),
            "attendance_kommune": "3",
            "attendance_naeringsliv": "2",
        },
    )
    meeting = Meeting.objects.get(place="Kinn")
    assert response.url == reverse("meetings:meeting-detail", args=[meeting.pk])
    assert (meeting.attendance, meeting.municipality_number) == (5, "4602")
    notes = SimpleUploadedFile("referat.txt", "• Flere lærlingplasser for voksne\n".encode())
    response = client.post(
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        {"action": "import", "file": notes, "organisation_type": "naeringsliv"},
    )
    assert response.status_code == 302
    assert list(meeting.inputs.values_list("text", "organisation_type")) == [
        ("Flere lærlingplasser for voksne", "naeringsliv")
    ]
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Flere lærlingplasser for voksne" in page and "Næringsliv" in page


def test_a_live_capture_is_taken_over_by_the_meeting(client, staff, meeting):
    capture = open_capture()
    send(capture, "Mentorordning for nye lærere.")
    client.force_login(staff)
    response = client.post(
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        {"action": "capture", "code": capture.code.lower()},
    )
    assert response.status_code == 302
    assert list(meeting.inputs.values_list("text", flat=True)) == ["Mentorordning for nye lærere."]


def test_the_pages_need_the_capability(client, meeting):
    user = User.objects.create_user("forsker", password="x", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="researcher")[0])
    client.force_login(user)
    assert client.get(reverse("meetings:meeting-list")).status_code == 403
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 403


def test_meeting_list_queries_do_not_grow(client, staff, meeting, django_assert_num_queries):
    client.force_login(staff)
    client.get(reverse("meetings:meeting-list"))
    # the same five queries (login, roles, the meetings with their input counts) for one and three
    with django_assert_num_queries(5):
        client.get(reverse("meetings:meeting-list"))
    services.meeting_save(cycle=meeting.cycle, place="Alta", by=staff)
    services.meeting_save(cycle=meeting.cycle, place="Molde", by=staff)
    with django_assert_num_queries(5):
        client.get(reverse("meetings:meeting-list"))
