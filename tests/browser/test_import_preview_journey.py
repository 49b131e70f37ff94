"""The import preview in a real browser: doubts marked, the year answered, the source page beside
its session (under it on a phone), saved; axe on each state."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from innspill.common.models import Task
from innspill.conferences.models import Session
from innspill.documents import model as m
from innspill.inputs import importing
from innspill.inputs.models import Input, Section
from tests.browser.conftest import axe_violations
from tests.corpus import corpus_file
from tests.followups.conftest import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PDF_2017 = "2017-integreringskonferansen-rapport.pdf"


@pytest.fixture
def preview_task(transactional_db, vocabulary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = m.ParsedReport(
        kind="conference_report",
        kind_confidence=0.6,
        year=2014,
        year_confidence=0.4,
        year_candidates=[
            m.YearCandidate(year=2017, source="cover", text="Integreringskonferansen 2017"),
            m.YearCandidate(year=2014, source="title", text="siden 2014"),
        ],
        title="Innledning",
        confidence={"title": 0.3},
        sessions=[
            m.Session(
                number=1,
                title="Hvordan unngå at velferdsordninger blir en felle",
                leader=None,
                confidence=0.4,
                page=3,
                inputs=[m.Input(text="Flere språkpraksisplasser i kommunene.", page=3)],
            )
        ],
        tips=[m.TipGroup(topic="Til kommunene", items=["Bruk frivilligheten mer."])],
        evaluation=m.Evaluation(
            figures=[m.Figure(measure="satisfied", min=55, max=90, subject="talks")]
        ),
    )
    upload = SimpleUploadedFile(PDF_2017, corpus_file(PDF_2017).read_bytes())
    draft = importing.draft_store(upload=upload)
    return Task.objects.create(
        kind="import",
        label=PDF_2017,
        func="innspill.inputs.tasks.parse_task",
        status=Task.Status.DONE,
        result={"structure": report.to_dict(), "draft": draft.name, "already_imported": None},
    )


def log_in(page, client, live_server):
    client.force_login(user_with_role("secretariat"))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_check_answer_the_year_and_save(page, client, live_server, preview_task):
    log_in(page, client, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ansatt/import/{preview_task.pk}/forhandsvis/")
    expect(page.locator("strong.unsure")).to_have_count(4)  # kind, year, title, session 1
    image = page.get_by_role("img", name="Side 3 i kildedokumentet, der sesjon 1 står")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 900
    session = page.locator("#session-0").bounding_box()
    picture = image.bounding_box()
    assert picture["x"] >= session["x"] + session["width"]  # beside the session
    assert axe_violations(page) == []

    page.get_by_role("button", name="Lagre i arkivet").click()
    page.get_by_role("alert").get_by_text("Hvilket år gjelder rapporten?").wait_for()
    assert Input.objects.count() == 0
    assert axe_violations(page) == []

    page.get_by_label("2017 – fra forsiden («Integreringskonferansen 2017»)").check()
    page.get_by_label("Tittel", exact=True).first.fill("Integreringskonferansen 2017")
    page.get_by_label("Leder", exact=True).fill("Kari Nordmann")
    page.locator("#id_t-0-items").fill("Bruk frivilligheten mer.\nSpør innvandrerne selv.")
    page.get_by_role("button", name="Lagre i arkivet").click()
    page.get_by_text("Importert: 3 innspill i 1 sesjoner.").wait_for()
    assert Session.objects.get().leader_name == "Kari Nordmann"
    assert list(
        Input.objects.filter(section=Section.TIPS).order_by("position").values_list("year", "text")
    ) == [(2017, "Bruk frivilligheten mer."), (2017, "Spør innvandrerne selv.")]


def test_on_a_phone_the_page_image_is_under_the_text(phone, client, live_server, preview_task):
    log_in(phone, client, live_server)
    phone.goto(f"{live_server.url}/ansatt/import/{preview_task.pk}/forhandsvis/")
    image = phone.get_by_role("img", name="Side 3 i kildedokumentet, der sesjon 1 står")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    session = phone.locator("#session-0").bounding_box()
    picture = image.bounding_box()
    assert picture["y"] >= session["y"] + session["height"]
    assert picture["width"] <= 390
    # nothing wider than the screen
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
