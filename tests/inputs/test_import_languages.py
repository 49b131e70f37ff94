"""An import stores the same rows whatever the interface language: words are chosen on display."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from innspill.conferences.models import Conference, Session, Summary
from innspill.cycles.models import Cycle, EvaluationResult
from innspill.documents import model as m
from innspill.documents.structure import parse_document
from innspill.inputs import importing
from innspill.inputs.models import Input, Section, SourceDocument
from innspill.reports import selectors
from tests.corpus import corpus_file

INPUT_REPORT_2020 = "2020-integreringskonferansen-innspillsrapport-ocr.txt"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def parsed_2020():
    return parse_document(corpus_file(INPUT_REPORT_2020))


def untitled_report() -> m.ParsedReport:
    """A part of a report without title page: no title, no year, an untitled session, an unnamed leader."""
    return m.ParsedReport(
        kind="conference_report",
        sessions=[
            m.Session(
                number=2,
                title="",
                inputs=[m.Input(text="Flere språkpraksisplasser i kommunene.", group="Tiltak")],
            )
        ],
        tips=[m.TipGroup(topic="Til kommunene", items=["Bruk frivilligheten mer."])],
        recurring=["Tolk må bestilles i god tid."],
        summaries=[m.Summary(leader=None, items=["Takk for innspillene."], session=2)],
    )


def stored_rows() -> dict[str, list]:
    """Everything an import writes, without ids, times and stored file names."""
    return {
        "cycles": list(Cycle.objects.order_by("year").values_list("year", "title", "theme")),
        "conferences": list(
            Conference.objects.order_by("title").values_list("title", "venue", "participants")
        ),
        "sessions": list(
            Session.objects.order_by("number", "title").values_list(
                "kind", "number", "title", "leader_name", "leader_role", "questions"
            )
        ),
        "summaries": list(
            Summary.objects.order_by("position").values_list(
                "leader_name", "leader_role", "items", "session__number", "position"
            )
        ),
        "inputs": list(
            Input.objects.order_by("fingerprint").values_list(
                "fingerprint",
                "text",
                "year",
                "origin",
                "section",
                "group_heading",
                "position",
                "session__number",
                "source_page",
                "source_line",
                "status",
            )
        ),
        "documents": list(
            SourceDocument.objects.order_by("sha256").values_list(
                "sha256", "filename", "kind", "year", "title", "structure", "warnings"
            )
        ),
        "evaluations": list(
            EvaluationResult.objects.order_by("source").values_list(
                "source", "response_rate", "satisfied_overall", "suggestions"
            )
        ),
    }


def import_both(language: str, parsed_2020: m.ParsedReport, tmp_path) -> dict[str, list]:
    """Import the 2020 input report and an untitled part under `language`; the rows, then roll back."""
    part = tmp_path / "utdrag-parallellsesjoner-2019.txt"
    part.write_text("Sesjon 2\n\nFlere språkpraksisplasser i kommunene.\n", encoding="utf-8")
    savepoint = transaction.savepoint()
    with translation.override(language):
        importing.report_import(path=corpus_file(INPUT_REPORT_2020), report=parsed_2020)
        importing.report_import(path=part, report=untitled_report())
    rows = stored_rows()
    transaction.savepoint_rollback(savepoint)
    return rows


@pytest.mark.parametrize("language", ["en", "nn"])
def test_import_under_another_language_stores_the_same_rows_as_under_bokmal(
    vocabulary, tmp_path, parsed_2020, language
):
    bokmal = import_both("nb", parsed_2020, tmp_path)
    assert len(bokmal["inputs"]) == len(parsed_2020.inputs) + len(parsed_2020.recurring) + 3
    assert import_both(language, parsed_2020, tmp_path) == bokmal


def test_words_the_report_left_out_are_keys_and_named_on_display(vocabulary, tmp_path):
    part = tmp_path / "utdrag-parallellsesjoner-2019.txt"
    part.write_text("Sesjon 2\n", encoding="utf-8")
    with translation.override("en"):
        importing.report_import(path=part, report=untitled_report())
    session = Session.objects.get()
    summary = Summary.objects.get()
    assert (session.title, summary.leader_name) == ("", "")
    assert list(Input.objects.order_by("position").values_list("section", "group_heading")) == [
        ("", "Tiltak"),
        (Section.TIPS, "Til kommunene"),
        (Section.RECURRING, ""),
    ]
    assert Conference.objects.get().title == "Den nasjonale integreringskonferansen 2019"
    assert SourceDocument.objects.get().warnings == ["Årstallet 2019 er hentet fra filnavnet."]
    with translation.override("en"):
        assert (session.heading, summary.leader) == ("Session 2", "Unknown chair")
    with translation.override("nn"):
        assert (session.heading, summary.leader) == ("Sesjon 2", "Ukjend leiar")
    assert (session.heading, summary.leader) == ("Sesjon 2", "Ukjent leder")


def test_input_report_lists_the_recurring_inputs_imported_under_english(
    vocabulary, tmp_path, client
):
    part = tmp_path / "utdrag-parallellsesjoner-2019.txt"
    part.write_text("Sesjon 2\n", encoding="utf-8")
    with translation.override("en"):
        importing.report_import(path=part, report=untitled_report())
    recurring = selectors._recurring(Cycle.objects.get(year=2019))
    assert [(item.text, item.count) for item in recurring] == [("Tolk må bestilles i god tid.", 1)]
    item = Input.objects.get(section=Section.RECURRING)
    page = client.get(reverse("archive:input-detail", args=[item.pk])).content.decode()
    assert "Innspill som går igjen" in page
