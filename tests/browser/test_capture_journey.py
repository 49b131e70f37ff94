"""The conference day on phones: inputs queued offline reach the wall exactly once; the board's fast entry."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from innspill.capture.models import Submission
from tests.browser.conftest import axe_violations
from tests.capture.factories import open_capture

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TEXTS = ["Gratis norskkurs for alle", "Tolk på legekontoret", "Flere møteplasser i nabolaget"]


def test_phone_offline_queues_three_and_each_reaches_the_wall_once(
    phone, page, live_server, transactional_db, vocabulary
):
    capture = open_capture(moderated=False)
    # The live server's first request pays the process's start-up (templates, translations).
    page.goto(f"{live_server.url}/live/{capture.code}/vegg/", timeout=90_000)
    assert axe_violations(page) == []
    phone.goto(f"{live_server.url}/live/{capture.code}/")
    assert axe_violations(phone) == []

    phone.context.set_offline(True)
    for text in TEXTS:
        phone.get_by_label("Ditt innspill").fill(text)
        phone.get_by_label("Gruppe").select_option("Tiltak")
        phone.get_by_role("button", name="Send").click()
    mine = phone.locator(".capture-mine .capture-state")
    assert mine.all_inner_texts() == ["venter", "venter", "venter"]
    assert Submission.objects.count() == 0

    phone.context.set_offline(False)
    phone.locator(".capture-mine .capture-sent").nth(2).wait_for(timeout=15_000)
    assert mine.all_inner_texts() == ["sendt", "sendt", "sendt"]
    assert phone.locator(".capture-status").all_inner_texts() == ["godtatt"] * 3

    wall_items = page.locator(".wall-group li[data-client-id]")
    wall_items.nth(2).wait_for(timeout=5_000)
    assert sorted(wall_items.all_inner_texts()) == sorted(TEXTS)
    assert Submission.objects.filter(capture=capture).count() == 3
    assert axe_violations(page) == []

    # After a reload the list comes back from the phone's storage, with the server's status.
    phone.reload()
    assert phone.locator(".capture-mine .capture-item-text").count() == 3
    phone.get_by_role("button", name="Trekk tilbake").first.click()
    phone.locator(".capture-status", has_text="trukket").wait_for()
    expect(wall_items).to_have_count(2, timeout=5_000)
    assert axe_violations(phone) == []


def test_rapporteur_types_and_presses_enter(
    page, live_server, transactional_db, vocabulary, client
):
    capture = open_capture(moderated=True)
    # Logged in with both factors (the test client's login is verified; the form-based login
    # and its second factor are covered by test_participant_journey).
    client.force_login(User.objects.create_superuser("referent", password="pw-for-tests-only"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/ansatt/live/{capture.code}/")
    entry = page.get_by_label("Nytt innspill (Enter lagrer)")
    page.get_by_label("Gruppe", exact=True).select_option("Barrierer")
    entry.fill("Lite kunnskap om rettigheter")
    entry.press("Enter")
    page.locator(".board-list .board-text", has_text="Lite kunnskap om rettigheter").wait_for()
    assert Submission.objects.get().status == "accepted"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Angre siste handling (nytt innspill)").click()
    expect(page.locator(".board-list .board-text")).to_have_count(0)
    assert Submission.objects.get().status == "withdrawn"
