"""Building the reports from the database: every imported input in the PDF, tagged, read back."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader

from innspill.conferences.models import Session
from innspill.cycles.models import Cycle
from innspill.documents import render as r
from innspill.documents.structure import parse_document
from innspill.inputs import importing
from innspill.inputs.models import Input
from innspill.reports import selectors
from tests.corpus import corpus_file

REPORT_2017 = "2017-integreringskonferansen-rapport.pdf"
pytestmark = pytest.mark.django_db


def normalise(text: str) -> str:
    # the PDF's text layer may hyphenate and break lines anywhere
    return re.sub(r"[\s\u00ad\u2010\u2011-]+", "", text).lower()


@pytest.fixture
def imported(vocabulary):
    importing.report_import(path=corpus_file(REPORT_2017))
    return Cycle.objects.get(year=2017)


def session_inputs(cycle):
    return list(
        Input.objects.filter(cycle=cycle, session__isnull=False, status="published")
        .order_by("session__number", "position", "id")
        .values_list("session__number", "group_heading", "text")
    )


@pytest.mark.slow
def test_conference_pdf_has_every_session_input_is_tagged_and_reads_back(imported, tmp_path):
    expected = session_inputs(imported)
    assert len(expected) > 20
    pdf = r.render_pdf(selectors.report_data(imported, "conference"))
    reader = PdfReader(io.BytesIO(pdf))
    text = normalise("".join(page.extract_text() for page in reader.pages))
    missing = [t for _n, _g, t in expected if normalise(t) not in text]
    assert missing == []
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert (catalog["/Lang"], catalog["/MarkInfo"]) == ("nb", {"/Marked": True})

    path = tmp_path / "ours.pdf"
    path.write_bytes(pdf)
    parsed = parse_document(path)
    sessions = Session.objects.filter(conference__cycle=imported, kind="parallel").order_by(
        "number"
    )
    assert [(s.number, s.title, s.leader) for s in parsed.sessions] == [
        (s.number, s.title, s.leader_name) for s in sessions
    ]
    assert sorted(
        (s.number, i.group or "", i.text) for s in parsed.sessions for i in s.inputs
    ) == sorted(expected)


def test_conference_draft_takes_tips_talks_summaries_and_evaluation_from_the_import(imported):
    data = selectors.conference_report_data(imported)
    tips = Input.objects.filter(cycle=imported, section="tips")
    assert sum(len(group.items) for group in data.tips) == tips.count()
    structure = imported.inputs.first().source_document.structure
    assert [t.title for t in data.talks] == [t["title"] for t in structure["talks"]]
    assert [s.leader for s in data.summaries] == [s["leader"] for s in structure["summaries"]]
    assert data.facts.participants == structure["facts"]["participants"]
    assert data.evaluation.suggestions == structure["evaluation"]["suggestions"]
    doc = selectors.report_data(imported, "conference")
    evaluation = next(s for s in doc.sections if s.heading == "Evaluering av konferansen")
    charts = [
        (c.data.categories, c.data.series[0].values)
        for c in evaluation.blocks
        if isinstance(c, r.Chart)
    ]
    # 2017: 92 % overall and 76 % for the sessions are single values; «mellom 73 og 92 %»
    # for the talks is a range, stated in the text and never drawn as two talks
    assert charts == [(["Samlet", "Parallellsesjonene"], [92.0, 76.0])]
    assert data.evaluation.paragraphs == [
        "40\u00a0% av deltakerne besvarte evalueringen.",
        "92\u00a0% av deltakerne var svært fornøyd eller fornøyd med konferansen samlet sett.",
        "Mellom 73 og 92\u00a0% var svært fornøyd eller fornøyd med innleggene.",
        "76\u00a0% var svært fornøyd eller fornøyd med parallellsesjonene.",
        "Nær 90\u00a0% vil delta på neste års konferanse.",
    ]


def test_tips_are_drafted_from_representative_inputs_per_theme(make_input):
    texts = [
        "Mer norskopplæring på arbeidsplassen for nyankomne",
        "Norskopplæring på arbeidsplassen bør styrkes",
        "Flere språkpraksisplasser i kommunene",
    ]
    for text in texts:
        make_input(text, theme="sprak")
    cycle = Cycle.objects.get(year=2024)
    tips = selectors.conference_report_data(cycle).tips
    assert len(tips) == 1
    assert set(tips[0].items) <= set(texts) and len(tips[0].items) >= 2


def test_sessions_include_all_published_inputs_in_source_order_only(make_input):
    first = make_input("Første innspill", number=1, position=0)
    make_input("Skjult innspill", number=1, position=1, status="hidden")
    third = make_input("Tredje innspill", number=1, position=2, group_heading="Arbeid")
    cycle = Cycle.objects.get(year=2024)
    sessions = selectors.conference_report_data(cycle).sessions
    assert [(i.text, i.group) for i in sessions[0].inputs] == [
        (first.text, ""),
        (third.text, "Arbeid"),
    ]


def test_input_report_from_an_imported_input_report(vocabulary):
    importing.report_import(
        path=corpus_file("2020-integreringskonferansen-innspillsrapport-ocr.txt")
    )
    cycle = Cycle.objects.get(year=2020)
    structure = cycle.inputs.first().source_document.structure
    data = selectors.input_report_data(cycle)
    assert [(row.contacted, row.answered) for row in data.selection] == [
        (row["contacted"], row["answered"]) for row in structure["selection"]
    ]
    # the good-practice library stored the report's examples (their titles trimmed)
    assert [e.title for e in data.good_examples] == [
        p["title"].strip() for p in structure["practices"]
    ]
    questions = {q.question: q.inputs for q in data.per_question}
    for session in structure["sessions"]:
        assert len(questions[session["title"]]) == len(session["inputs"])
    docx = Document(io.BytesIO(r.render_docx(r.input_report(data))))
    assert any(p.style.name == "Heading 1" for p in docx.paragraphs)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_build_report_command_writes_each_format(make_input, tmp_path, fmt):
    texts = ["Mer norskopplæring på arbeidsplassen", "Flere praksisplasser i staten"]
    for text in texts:
        make_input(text, number=1, group_heading="Arbeid og språk")
    output = tmp_path / f"rapport.{fmt}"
    call_command("build_report", "--year", "2024", "--format", fmt, "--output", str(output))
    data = output.read_bytes()
    if fmt == "html":
        assert all(text in data.decode() for text in texts)
    elif fmt == "pdf":
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert [normalise(t) in normalise(text) for t in texts] == [True, True]
    else:
        document = Document(io.BytesIO(data))
        styles = {p.style.name for p in document.paragraphs}
        assert {"Heading 1", "Heading 2", "List Bullet"} <= styles
        bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
        assert [t in bullets for t in texts] == [True, True]


def test_build_report_without_cycle_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Fant ingen syklus for år 1999"):
        call_command(
            "build_report", "--year", "1999", "--format", "html", "--output", str(tmp_path / "x")
        )


def test_editor_shows_every_block_kind_of_the_imported_report(imported, client):
    from django.contrib.auth.models import Group, User
    from django.urls import reverse

    from innspill.reports import services

    user = User.objects.create(username="sek")
    user.groups.add(Group.objects.get_or_create(name="secretariat")[0])
    client.force_login(user)
    report = services.report_draft(cycle=imported, report_type="conference", by=user)
    page = client.get(reverse("reports:staff-detail", args=[report.pk])).content.decode()
    first_input = session_inputs(imported)[0][2]
    assert ("Tabell: Konferansen i tall" in page, "Diagram: " in page) == (True, True)
    assert f"Flytt opp: {first_input[:20]}" in page
    # without htmx an edit redirects back to the section
    response = client.post(
        reverse("reports:staff-edit", args=[report.pk]),
        {"op": "hide", "section": 0, "revision": report.revision},
    )
    assert response["Location"] == reverse("reports:staff-detail", args=[report.pk]) + "#s0"
    report.refresh_from_db()
    assert report.draft["sections"][0]["hidden"] is True


def test_input_report_has_the_inputs_of_question_rounds_and_meetings(vocabulary):
    from innspill.cycles.models import Meeting, QuestionRound
    from innspill.cycles.services import cycle_get_or_create
    from innspill.inputs.services import input_create

    cycle = cycle_get_or_create(year=2026)
    meeting = Meeting.objects.create(cycle=cycle, place="Bodø")
    question_round = QuestionRound.objects.create(cycle=cycle, title="Runde 1")
    input_create(text="Flere møteplasser", cycle=cycle, origin="meeting", meeting=meeting)
    input_create(
        text="Bedre tolketjenester",
        cycle=cycle,
        origin="round",
        question_round=question_round,
        group_heading="Hva mangler i kommunen?",
    )
    input_create(text="Skjult", cycle=cycle, origin="meeting", meeting=meeting, status="hidden")
    data = selectors.input_report_data(cycle)
    assert [(q.question, q.inputs) for q in data.per_question] == [
        ("Hva mangler i kommunen?", ["Bedre tolketjenester"]),
        ("Innspillsmøtet i Bodø", ["Flere møteplasser"]),
    ]
