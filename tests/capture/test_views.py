"""The /live/ endpoints' contract, the wall, the board's permissions, and the report reading a captured session."""

import json
import uuid

import pytest
from django.urls import reverse

from innspill.capture import services
from innspill.capture.models import Submission
from innspill.documents.render.model import BulletList
from innspill.reports import selectors as report_selectors
from tests.capture.factories import open_capture, send
from tests.registrations.factories import staff_user

pytestmark = pytest.mark.django_db


def post(client, capture, body, **headers):
    return client.post(
        reverse("capture:submit", args=[capture.code]),
        data=json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_first_receipt_is_201_and_a_repeat_200_with_the_same_body(client, vocabulary):
    capture = open_capture(moderated=False)
    client.handler.enforce_csrf_checks = True  # the endpoint needs no token
    body = {"client_id": str(uuid.uuid4()), "text": "Mer praksis i arbeidslivet", "group": "Tiltak"}
    first = post(client, capture, body, HTTP_X_INNSPILL_DEVICE="dev-1")
    again = post(client, capture, body, HTTP_X_INNSPILL_DEVICE="dev-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json() == {
        "client_id": body["client_id"],
        "text": "Mer praksis i arbeidslivet",
        "group": "Tiltak",
        "status": "accepted",
        "status_label": "godtatt",
        "reason": "",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "uten id"}, "client_id"),
        ({"client_id": "ikke-en-uuid", "text": "x"}, "client_id"),
        ({"client_id": "7b0c6a9e-8b1f-4c43-9c59-1f1f3c7f1a11"}, "text"),
        (
            {"client_id": "7b0c6a9e-8b1f-4c43-9c59-1f1f3c7f1a12", "text": "x", "group": "Nei"},
            "group",
        ),
        ([1, 2], "body"),
    ],
)
def test_bad_input_is_400_naming_the_field(client, vocabulary, body, field):
    capture = open_capture()
    response = post(client, capture, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert field in response.json()["error"] or field == "body"


def test_invalid_json_is_400(client, vocabulary):
    capture = open_capture()
    response = client.post(
        reverse("capture:submit", args=[capture.code]), data="{", content_type="application/json"
    )
    assert (response.status_code, response.json()["field"]) == (400, "body")


def test_closed_is_403_and_the_submission_is_kept_as_late(client, vocabulary):
    capture = open_capture(moderated=False)
    services.capture_close(capture=capture, by=staff_user("secretariat"))
    body = {"client_id": str(uuid.uuid4()), "text": "Etter slutt"}
    response = post(client, capture, body)
    assert response.status_code == 403
    assert response.json()["status"] == "late"
    assert post(client, capture, body).json() == response.json()
    assert Submission.objects.get(client_id=body["client_id"]).status == "late"


def test_never_opened_is_403_and_nothing_stored(client, vocabulary):
    capture = open_capture()
    capture.state, capture.opens_at = "planned", None
    capture.save()
    response = post(client, capture, {"client_id": str(uuid.uuid4()), "text": "Tidlig"})
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_unknown_code_is_404(client, db):
    response = client.post("/live/ZZZZZ/innspill", data="{}", content_type="application/json")
    assert response.status_code == 404


def test_a_room_of_200_phones_behind_one_address_each_send_three(client, vocabulary):
    capture = open_capture(moderated=True)
    statuses = set()
    for phone in range(200):
        for n in range(3):
            response = post(
                client,
                capture,
                {"client_id": str(uuid.uuid4()), "text": f"Telefon {phone} innspill {n}"},
                HTTP_X_INNSPILL_DEVICE=f"phone-{phone}",
                REMOTE_ADDR="10.0.0.1",
            )
            statuses.add(response.status_code)
    assert statuses == {201}
    assert Submission.objects.filter(capture=capture).count() == 600


def test_one_device_flooding_gets_429(client, vocabulary):
    capture = open_capture(moderated=True)
    codes = [
        post(
            client,
            capture,
            {"client_id": str(uuid.uuid4()), "text": f"Nr {i}"},
            HTTP_X_INNSPILL_DEVICE="flood",
        ).status_code
        for i in range(services.DEVICE_LIMIT_PER_MINUTE + 1)
    ]
    assert codes == [201] * services.DEVICE_LIMIT_PER_MINUTE + [429]


def test_wall_json_lists_accepted_inputs_by_group(client, vocabulary):
    capture = open_capture(moderated=True)
    by = staff_user("secretariat")
    a = send(capture, "Barriere én", group="Barrierer").submission
    send(capture, "Venter fortsatt", group="Barrierer")
    b = send(capture, "Tiltak én", group="Tiltak").submission
    c = send(capture, "Uten gruppe").submission
    for submission in (a, b, c):
        services.submission_accept(submission=submission, by=by)
    response = client.get(reverse("capture:wall-json", args=[capture.code.lower()]))
    assert response.status_code == 200
    data = response.json()
    assert data["groups"] == [
        {"title": "Barrierer", "inputs": [{"client_id": str(a.client_id), "text": "Barriere én"}]},
        {"title": "Tiltak", "inputs": [{"client_id": str(b.client_id), "text": "Tiltak én"}]},
        {"title": "", "inputs": [{"client_id": str(c.client_id), "text": "Uten gruppe"}]},
    ]
    assert (data["code"], data["open"]) == (capture.code, True)


def test_wall_page_and_its_poll(client, vocabulary, django_assert_num_queries):
    capture = open_capture(moderated=False)
    send(capture, "Synlig på veggen", group="Tiltak")
    page = client.get(reverse("capture:wall", args=[capture.code]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Synlig på veggen" in html and capture.code in html and "data:image/svg+xml" in html
    capture.refresh_from_db()
    url = reverse("capture:wall-part", args=[capture.code])
    with django_assert_num_queries(1):
        unchanged = client.get(f"{url}?v={capture.version}")
    assert (unchanged.status_code, unchanged.content) == (204, b"")
    changed = client.get(f"{url}?v={capture.version - 1}")
    assert changed.status_code == 200
    assert f"?v={capture.version}" in changed.content.decode()


def test_capture_page_has_one_text_field_and_a_submit_button(client, vocabulary):
    capture = open_capture()
    html = client.get(reverse("capture:capture", args=[capture.code])).content.decode()
    assert html.count("<textarea") == 1
    assert '<button type="submit">Send</button>' in html
    assert "capture/capture.js" in html


def test_plain_form_post_without_script_is_stored_and_redirects(client, vocabulary):
    capture = open_capture(moderated=False)
    client_id = str(uuid.uuid4())
    response = client.post(
        reverse("capture:submit", args=[capture.code]),
        {"client_id": client_id, "text": "Uten JavaScript", "group": "Tiltak"},
    )
    assert response.status_code == 302
    assert Submission.objects.get(client_id=client_id).status == "accepted"


def test_mine_and_withdraw_by_device(client, vocabulary):
    capture = open_capture(moderated=True)
    mine = send(capture, "Mitt innspill", device="dev-a").submission
    send(capture, "Noen andres", device="dev-b")
    response = client.get(
        reverse("capture:mine", args=[capture.code]), HTTP_X_INNSPILL_DEVICE="dev-a"
    )
    assert [i["text"] for i in response.json()["items"]] == ["Mitt innspill"]
    url = reverse("capture:withdraw", args=[capture.code, mine.client_id])
    assert client.post(url, HTTP_X_INNSPILL_DEVICE="dev-b").status_code == 404
    withdrawn = client.post(url, HTTP_X_INNSPILL_DEVICE="dev-a")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")


def test_board_is_for_the_sessions_rapporteur_only(client, vocabulary):
    capture = open_capture(moderated=True)
    other = open_capture(moderated=True)
    rapporteur = staff_user("rapporteur")
    capture.rapporteurs.add(rapporteur)
    client.force_login(rapporteur)
    assert client.get(reverse("capture:board", args=[capture.code])).status_code == 200
    assert client.get(reverse("capture:board", args=[other.code])).status_code == 403
    submission = send(other, "Ikke ditt").submission
    response = client.post(
        reverse("capture:board-action", args=[other.code]),
        {"action": "accept", "id": submission.pk},
    )
    assert response.status_code == 403
    overview = client.get(
        reverse("capture:overview") + f"?konferanse={capture.session.conference_id}"
    )
    assert capture.code in overview.content.decode()
    assert other.code not in overview.content.decode()


def test_board_actions_through_htmx(client, vocabulary):
    capture = open_capture(moderated=True)
    client.force_login(staff_user("secretariat"))
    submission = send(capture, "Til moderering").submission
    url = reverse("capture:board-action", args=[capture.code])
    response = client.post(url, {"action": "accept", "id": submission.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Angre siste handling (godta)" in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == "accepted"
    client.post(url, {"action": "undo"}, HTTP_HX_REQUEST="true")
    assert Submission.objects.get(pk=submission.pk).status == "pending"


def test_board_entry_needs_the_csrf_token(client, vocabulary):
    capture = open_capture(moderated=True)
    client.handler.enforce_csrf_checks = True
    client.force_login(staff_user("secretariat"))
    response = client.post(
        reverse("capture:staff-submit", args=[capture.code]),
        data=json.dumps({"client_id": str(uuid.uuid4()), "text": "Fra tavla"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Submission.objects.count() == 0


def test_board_poll_query_count_does_not_grow(client, vocabulary, django_assert_max_num_queries):
    capture = open_capture(moderated=True)
    client.force_login(staff_user("secretariat"))
    url = reverse("capture:board-part", args=[capture.code])
    send(capture, "Én")
    with django_assert_max_num_queries(20) as one:
        client.get(url)
    for i in range(3):
        send(capture, f"Flere {i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


def test_conference_report_reads_the_captured_session_by_group_and_its_summary(vocabulary):
    capture = open_capture(moderated=False)
    by = staff_user("secretariat")
    send(capture, "Lang saksbehandling", group="Barrierer")
    send(capture, "Tolk fra første dag", group="Tiltak")
    send(capture, "Flere lærlingeplasser", group="Tiltak")
    services.capture_summary_save(capture=capture, text="Språk først\nArbeid nummer to", by=by)
    document = report_selectors.report_data(capture.session.conference.cycle, "conference")
    headings = [s.heading for s in document.sections]
    session_heading = headings.index(next(h for h in headings if capture.session.title in h))
    inputs = document.sections[session_heading + 1]
    assert inputs.heading == "Innspill fra deltakerne"
    lists = [
        (b.heading, [p.spans[0].text for p in b.items])
        for b in inputs.blocks
        if isinstance(b, BulletList)
    ]
    assert lists == [
        ("Barrierer", ["Lang saksbehandling"]),
        ("Tiltak", ["Tolk fra første dag", "Flere lærlingeplasser"]),
    ]
    summary = next(s for s in document.sections if s.heading.startswith("Tema 1 "))
    assert [b.spans[0].text for b in summary.blocks] == ["Språk først", "Arbeid nummer to"]


def test_personal_link_leads_to_the_placed_sessions_open_capture(client, vocabulary):
    from innspill.registrations.placement import placement_compute, placement_publish
    from innspill.registrations.services import RegistrationData, registration_submit
    from tests.registrations.factories import block_sessions, make_conference, make_invitation

    conference = make_conference(capacity=10, sessions=2, seats=5)
    first, second = block_sessions(conference)
    invitation, token = make_invitation(conference)
    registration_submit(
        invitation=invitation,
        data=RegistrationData(
            name="Amina", organisation_name="Org", wishes={second.block_id: [second.pk]}
        ),
    )
    staff = staff_user("secretariat")
    placement_publish(run=placement_compute(conference=conference, by=staff), by=staff)
    url = reverse("capture:personal", args=[token])
    assert client.get(url).status_code == 200  # nothing open yet: a list, not an error
    open_capture(session=first)
    capture = open_capture(session=second)
    assert client.get(url)["Location"] == reverse("capture:capture", args=[capture.code])
    assert client.get(reverse("capture:personal", args=["feil"])).status_code == 404


@pytest.mark.parametrize("sessions", [1, 3])
def test_overview_queries_do_not_grow_with_sessions(
    client, vocabulary, django_assert_num_queries, sessions
):
    from tests.registrations.factories import block_sessions, make_conference

    conference = make_conference(sessions=sessions)
    for session in block_sessions(conference):
        send(open_capture(session=session), f"Fra {session.title}")
    client.force_login(staff_user("secretariat"))
    url = reverse("capture:overview") + f"?konferanse={conference.pk}"
    with django_assert_num_queries(7):  # one more: the session's second-factor device
        response = client.get(url)
    assert response.content.decode().count(">Tavle</a>") == sessions


def test_json_without_its_content_type_is_read_as_json(client, vocabulary):
    capture = open_capture(moderated=True)
    body = json.dumps({"client_id": str(uuid.uuid4()), "text": "Sendt med curl -d"})
    response = client.post(
        reverse("capture:submit", args=[capture.code]),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert (response.status_code, response.json()["text"]) == (201, "Sendt med curl -d")
