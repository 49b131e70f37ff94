"""Capture services: receiving once per client_id, opening and closing, the board, undo, summary."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from innspill.capture import selectors, services
from innspill.capture.models import Capture, Submission
from innspill.common import clock
from innspill.common.models import AuditEvent
from innspill.conferences.models import Summary
from innspill.inputs.models import Input
from tests.capture.factories import open_capture, send
from tests.registrations.factories import block_sessions, make_conference, staff_user

pytestmark = pytest.mark.django_db


def test_repeat_of_a_client_id_returns_the_stored_submission_unchanged(vocabulary):
    capture = open_capture(moderated=True)
    client_id = uuid.uuid4()
    first = send(capture, "Flere tolker i helsetjenesten", group="Tiltak", client_id=client_id)
    again = send(capture, "Flere tolker i helsetjenesten", group="Tiltak", client_id=client_id)
    assert (first.created, again.created) == (True, False)
    assert again.submission.pk == first.submission.pk
    assert Submission.objects.count() == 1
    assert AuditEvent.objects.filter(action="capture.submission").count() == 1


def test_open_session_accepts_at_once_and_the_input_has_the_group_heading(vocabulary):
    capture = open_capture(moderated=False)
    received = send(capture, "Lange ventetider på norskopplæring", group="Barrierer")
    submission = received.submission
    assert submission.status == "accepted"
    item = Input.objects.get(pk=submission.input_id)
    assert (item.text, item.group_heading, item.session_id, item.origin, item.status) == (
        "Lange ventetider på norskopplæring",
        "Barrierer",
        capture.session_id,
        "session",
        "published",
    )
    assert item.conference_id == capture.session.conference_id


def test_moderated_session_waits_for_the_rapporteur(vocabulary):
    capture = open_capture(moderated=True)
    submission = send(capture, "Mentorordninger for nyankomne").submission
    assert (submission.status, submission.input_id) == ("pending", None)
    secretariat = staff_user("secretariat")
    accepted = services.submission_accept(submission=submission, by=secretariat)
    assert accepted.status == "accepted"
    assert Input.objects.get(pk=accepted.input_id).status == "published"


def test_capture_never_opened_stores_nothing(vocabulary):
    session = block_sessions(make_conference())[0]
    capture = services.capture_setup(session=session, by=staff_user("secretariat"))
    with pytest.raises(services.CaptureNotOpen):
        send(capture, "For tidlig")
    assert Submission.objects.count() == 0


def test_submission_after_end_and_grace_is_kept_as_late(vocabulary):
    capture = open_capture(moderated=False, ends_in=timedelta(minutes=30))
    assert capture.closes_at is not None
    with clock.moved(minutes=30 + capture.grace_minutes - 1):
        assert send(capture, "Rett før fristen").submission.status == "accepted"
    with clock.moved(minutes=30 + capture.grace_minutes + 1):
        late = send(capture, "Etter fristen").submission
    assert (late.status, late.input_id) == ("late", None)


def test_closed_by_hand_keeps_later_submissions_as_late(vocabulary):
    capture = open_capture(moderated=False)
    services.capture_close(capture=capture, by=staff_user("secretariat"))
    assert send(capture, "For sent").submission.status == "late"


def test_bad_fields_are_named(vocabulary):
    capture = open_capture()
    cases = [
        ({"client_id": "x", "text": "a"}, "client_id"),
        ({"client_id": uuid.uuid4(), "text": "   "}, "text"),
        ({"client_id": uuid.uuid4(), "text": "a" * 1001}, "text"),
        ({"client_id": uuid.uuid4(), "text": "a", "group": "Finnes ikke"}, "group"),
        ({"client_id": uuid.uuid4(), "text": "a", "group": 5}, "group"),
    ]
    for kwargs, field in cases:
        with pytest.raises(services.CaptureInputError) as info:
            services.submission_receive(capture=capture, **kwargs)
        assert info.value.field == field


def test_device_limit_stops_the_thirteenth_in_a_minute_but_not_another_device(vocabulary):
    capture = open_capture(moderated=True)
    for i in range(services.DEVICE_LIMIT_PER_MINUTE):
        send(capture, f"Innspill {i}", device="busy")
    with pytest.raises(services.RateLimited):
        send(capture, "Ett for mye", device="busy")
    assert send(capture, "Fra en annen", device="calm").created is True
    with clock.moved(minutes=1, seconds=1):
        assert send(capture, "Et minutt senere", device="busy").created is True


def test_code_limit(vocabulary, monkeypatch):
    capture = open_capture(moderated=True)
    monkeypatch.setattr(services, "CODE_LIMIT_PER_MINUTE", 3)
    for i in range(3):
        send(capture, f"Innspill {i}", device=f"d{i}")
    with pytest.raises(services.RateLimited):
        send(capture, "Ett for mye", device="d9")


def test_withdraw_only_from_the_sending_device(vocabulary):
    capture = open_capture(moderated=False)
    submission = send(capture, "Trekkes", device="mine").submission
    with pytest.raises(services.CaptureInputError):
        services.submission_withdraw(
            capture=capture, client_id=submission.client_id, device_id="other"
        )
    withdrawn = services.submission_withdraw(
        capture=capture, client_id=submission.client_id, device_id="mine"
    )
    assert withdrawn.status == "withdrawn"
    assert Input.objects.get(pk=submission.input_id).status == "hidden"
    assert selectors.wall_groups(capture)[0]["inputs"] == []


def test_rapporteur_edits_only_their_sessions(vocabulary):
    capture = open_capture(moderated=True)
    other = open_capture(moderated=True)
    rapporteur = staff_user("rapporteur")
    capture.rapporteurs.add(rapporteur)
    mine = send(capture, "Mitt").submission
    theirs = send(other, "Deres").submission
    assert services.submission_accept(submission=mine, by=rapporteur).status == "accepted"
    with pytest.raises(PermissionDenied):
        services.submission_accept(submission=theirs, by=rapporteur)
    with pytest.raises(PermissionDenied):
        services.capture_close(capture=capture, by=rapporteur)
    with pytest.raises(PermissionDenied):
        services.submission_transfer(submission=mine, by=rapporteur, to=other)
    assert Submission.objects.get(pk=theirs.pk).status == "pending"


def test_reject_merge_move_and_undo(vocabulary):
    capture = open_capture(moderated=False)
    by = staff_user("secretariat")
    a = send(capture, "Første", group="Tiltak").submission
    b = send(capture, "Andre", group="Tiltak").submission
    c = send(capture, "Tredje", group="Tiltak").submission
    services.submission_move(submission=c, by=by, direction=-1)
    assert [i["text"] for i in selectors.wall_groups(capture)[1]["inputs"]] == [
        "Første",
        "Tredje",
        "Andre",
    ]
    services.submission_merge(submission=b, by=by, into=a)
    b_input = Input.objects.get(pk=b.input_id)
    assert (b_input.status, b_input.merged_into_id) == ("merged", a.input_id)
    services.submission_reject(submission=c, by=by, reason="Utenfor tema")
    assert [i["text"] for i in selectors.wall_groups(capture)[1]["inputs"]] == ["Første"]

    services.capture_undo(capture=capture, by=by)  # the reject
    assert Submission.objects.get(pk=c.pk).status == "accepted"
    assert Input.objects.get(pk=c.input_id).status == "published"
    services.capture_undo(capture=capture, by=by)  # the merge
    assert Input.objects.get(pk=b.input_id).status == "published"
    services.capture_undo(capture=capture, by=by)  # the move
    assert [i["text"] for i in selectors.wall_groups(capture)[1]["inputs"]] == [
        "Første",
        "Andre",
        "Tredje",
    ]
    assert services.capture_undo(capture=capture, by=by) is None


def test_undo_of_an_accept_hides_the_input_and_a_new_accept_brings_it_back(vocabulary):
    capture = open_capture(moderated=True)
    by = staff_user("secretariat")
    submission = send(capture, "Godtas to ganger").submission
    accepted = services.submission_accept(submission=submission, by=by)
    services.capture_undo(capture=capture, by=by)
    assert Submission.objects.get(pk=submission.pk).status == "pending"
    assert Input.objects.get(pk=accepted.input_id).status == "hidden"
    again = services.submission_accept(submission=submission, by=by)
    assert again.input_id == accepted.input_id
    assert Input.objects.get(pk=again.input_id).status == "published"


def test_edit_moves_to_another_group_and_changes_the_input(vocabulary):
    capture = open_capture(moderated=False)
    by = staff_user("secretariat")
    submission = send(capture, "Skrivefeil her", group="Barrierer").submission
    tiltak = capture.groups.get(title="Tiltak")
    services.submission_edit(submission=submission, by=by, text="Rettet tekst", group=tiltak)
    item = Input.objects.get(pk=submission.input_id)
    assert (item.text, item.group_heading) == ("Rettet tekst", "Tiltak")


def test_staff_entry_is_accepted_even_in_a_moderated_session_and_undo_withdraws_it(vocabulary):
    capture = open_capture(moderated=True)
    by = staff_user("secretariat")
    received = services.submission_receive(
        capture=capture, client_id=uuid.uuid4(), text="Fra tavla", group="Tiltak", by=by
    )
    assert received.submission.status == "accepted"
    services.capture_undo(capture=capture, by=by)
    assert Submission.objects.get(pk=received.submission.pk).status == "withdrawn"
    assert Input.objects.get(pk=received.submission.input_id).status == "hidden"


def test_secretariat_moves_a_bullet_to_another_session(vocabulary):
    capture = open_capture(moderated=False)
    sessions = block_sessions(capture.session.conference)
    other = open_capture(session=sessions[1], moderated=False)
    submission = send(capture, "Hører hjemme i sesjon 2", group="Barrierer").submission
    services.submission_transfer(submission=submission, by=staff_user("secretariat"), to=other)
    moved = Submission.objects.get(pk=submission.pk)
    assert (moved.capture_id, moved.group.capture_id, moved.group.title) == (
        other.pk,
        other.pk,
        "Barrierer",
    )
    assert Input.objects.get(pk=submission.input_id).session_id == other.session_id


def test_summary_is_stored_as_the_conference_summary(vocabulary):
    capture = open_capture()
    by = staff_user("secretariat")
    summary = services.capture_summary_save(
        capture=capture, text="- Språk er nøkkelen\n\n• Arbeid gir nettverk\n", by=by
    )
    assert (summary.items, summary.session_id, summary.leader_name) == (
        ["Språk er nøkkelen", "Arbeid gir nettverk"],
        capture.session_id,
        "Kari Nordmann",
    )
    services.capture_summary_save(capture=capture, text="Bare ett punkt", by=by)
    assert Summary.objects.filter(session=capture.session).count() == 1
    assert Capture.objects.get(pk=capture.pk).summary.items == ["Bare ett punkt"]


def test_duplicate_suggestion_points_at_the_accepted_look_alike(vocabulary):
    capture = open_capture(moderated=True)
    by = staff_user("secretariat")
    first = send(capture, "Det trengs flere kvalifiserte tolker i helsetjenesten").submission
    services.submission_accept(submission=first, by=by)
    dup = send(capture, "Flere kvalifiserte tolker trengs i helsetjenesten").submission
    other = send(capture, "Idrettslag bør invitere nye familier").submission
    board = selectors.board(capture)
    assert board.duplicates == {dup.pk: Submission.objects.get(pk=first.pk)}
    assert other.pk not in board.duplicates


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database has no concurrent writers; runs on PostgreSQL",
)
def test_two_simultaneous_requests_with_one_client_id_store_one_submission(vocabulary):
    capture = open_capture(moderated=False)
    client_id = uuid.uuid4()
    barrier = threading.Barrier(2)
    outcomes: list[tuple[bool, int]] = []

    def post():
        try:
            barrier.wait(timeout=10)
            received = send(capture, "Samtidig", client_id=client_id)
            outcomes.append((received.created, received.submission.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    stored = Submission.objects.get(client_id=client_id)
    assert sorted(outcomes) == [(False, stored.pk), (True, stored.pk)]
    assert Input.objects.filter(session=capture.session).count() == 1
