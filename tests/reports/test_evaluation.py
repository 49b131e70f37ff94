"""The conference report's evaluation from stored figures: ranges as ranges, groups of sessions
by their group, talks by name; the chart draws only single values, labelled as stated. Read
back from the HTML, the PDF and the DOCX."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from innspill.cycles.models import Cycle, EvaluationResult
from innspill.cycles.services import evaluation_result_store
from innspill.documents import render as r
from innspill.documents.model import Figure
from innspill.documents.structure import parse_document
from innspill.reports import selectors

pytestmark = pytest.mark.django_db

# the report of issue 16: a range over the talks, satisfaction per group of sessions
STATED = [
    Figure("response_rate", value=38),
    Figure("satisfied", value=86),
    Figure("satisfied", "talks", min=55, max=90),
    Figure("satisfied", "sessions", value=67, sessions=[1, 2, 3, 4], label="sesjon 1–4"),
    Figure("satisfied", "sessions", value=81, sessions=[5, 6, 7, 8], label="sesjon 5–8"),
    Figure("attend_next_year", value=78, qualifier="nær"),
    Figure("maybe_next_year", value=15),
]
SENTENCES = [
    "38\u00a0% av deltakerne besvarte evalueringen.",
    "86\u00a0% av deltakerne var svært fornøyd eller fornøyd med konferansen samlet sett.",
    "Mellom 55 og 90\u00a0% var svært fornøyd eller fornøyd med innleggene.",
    "Sesjon 1–4: 67\u00a0% var svært fornøyd eller fornøyd.",
    "Sesjon 5–8: 81\u00a0% var svært fornøyd eller fornøyd.",
    "Nær 78\u00a0% vil delta på neste års konferanse og 15\u00a0% kanskje.",
]


@pytest.fixture
def cycle():
    cycle = Cycle.objects.create(year=2014, title="Integreringskonferansen 2014")
    evaluation_result_store(
        cycle=cycle, source="import:abc", figures=STATED, suggestions=["Mer tid til sesjonene."]
    )
    return cycle


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_stored_row_keeps_the_figures_and_derives_the_overall_percentages(cycle):
    row = EvaluationResult.objects.get(cycle=cycle)
    assert row.figures == [figure.to_dict() for figure in STATED]
    # «nær 78 %» is still the year's figure for the table; the range gives no talk figure
    assert (
        row.response_rate,
        row.satisfied_overall,
        row.would_attend_next_year,
        row.maybe_next_year,
    ) == (38, 86, 78, 15)


def test_evaluation_states_each_figure_as_stored(cycle):
    evaluation = selectors.evaluation_for(cycle)
    assert evaluation.paragraphs == SENTENCES
    assert evaluation.suggestions == ["Mer tid til sesjonene."]


def test_chart_draws_single_values_labelled_as_stated(cycle):
    chart = selectors.evaluation_chart(cycle)
    # the range over the talks is in the text only; no «Innlegg 1», no «Parallellsesjon 1»
    assert (chart.data.categories, chart.data.series[0].values) == (
        ["Samlet", "Sesjon 1–4", "Sesjon 5–8"],
        [86.0, 67.0, 81.0],
    )


def test_a_named_talk_is_charted_by_its_name_and_unnamed_ones_only_listed(db):
    cycle = Cycle.objects.create(year=2016, title="Konferansen 2016")
    evaluation_result_store(
        cycle=cycle,
        source="survey",
        figures=[
            Figure("satisfied", "talk", value=92, label="innlegget til Erna Solberg"),
            Figure("satisfied", "talk", value=73),
            Figure("satisfied", "talk", value=80.4),
            Figure("satisfied", "session", value=70, sessions=[3], label="Bolig"),
        ],
    )
    assert selectors.evaluation_for(cycle).paragraphs == [
        "Innlegget til Erna Solberg: 92\u00a0% var svært fornøyd eller fornøyd.",
        "Andelen svært fornøyd eller fornøyd var 73\u00a0% og 80\u00a0% for de enkelte innleggene.",
        "Sesjon 3: 70\u00a0% var svært fornøyd eller fornøyd.",
    ]
    chart = selectors.evaluation_chart(cycle)
    assert (chart.data.categories, chart.data.series[0].values) == (
        ["Innlegget til Erna Solberg", "Sesjon 3"],
        [92.0, 70.0],
    )


def test_a_row_with_percentages_only_still_reads(db):
    cycle = Cycle.objects.create(year=2013, title="Konferansen 2013")
    EvaluationResult.objects.create(cycle=cycle, response_rate=41.0, satisfied_overall=88.0)
    assert selectors.evaluation_for(cycle).paragraphs == [
        "41\u00a0% av deltakerne besvarte evalueringen.",
        "88\u00a0% av deltakerne var svært fornøyd eller fornøyd med konferansen samlet sett.",
    ]


@pytest.mark.slow
def test_html_pdf_and_docx_state_the_figures_and_read_back_the_same(cycle, tmp_path):
    document = selectors.report_data(cycle, "conference")
    html = _flat(r.render_html(document).decode())
    pdf = r.render_pdf(document)
    pdf_text = _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    docx = r.render_docx(document)
    docx_text = _flat(" ".join(p.text for p in Document(io.BytesIO(docx)).paragraphs))
    for text in (html, pdf_text, docx_text):
        section = text[text.rindex("Evaluering av konferansen") :]
        assert [_flat(s) in section for s in SENTENCES] == [True] * len(SENTENCES)
        assert ("Innlegg 1" in section, "Parallellsesjon 1" in section) == (False, False)
    for name, data in (("ours.pdf", pdf), ("ours.docx", docx)):
        path = tmp_path / name
        path.write_bytes(data)
        parsed = parse_document(path).evaluation.figures
        assert [
            (f.measure, f.subject, f.value, f.min, f.max, f.sessions, f.qualifier) for f in parsed
        ] == [
            (f.measure, f.subject, f.value, f.min, f.max, f.sessions, f.qualifier) for f in STATED
        ]
