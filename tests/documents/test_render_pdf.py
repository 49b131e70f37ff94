import io
import re

import pypdf
import pytest

from innspill.documents.render import (
    ConferenceFacts,
    ConferenceReportData,
    ReportDocument,
    Section,
    Session,
    SessionInput,
    conference_report,
    render_pdf,
)
from tests.corpus import corpus_file
from tests.documents.test_render_support import (
    pdf_pages,
    pdf_text,
    read_sessions,
    small_conference,
    squash,
    struct_elements,
)


@pytest.fixture(scope="module")
def rendered():
    data, doc = small_conference()
    pdf = render_pdf(doc)
    return data, doc, pdf, pdf_text(pdf)


def test_pdf_is_tagged_pdf_ua_with_language_and_title(rendered):
    _, doc, pdf, _ = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nb"
    assert catalog["/MarkInfo"] == {"/Marked": True}
    assert reader.metadata.title == doc.title
    xmp = catalog["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfuaid:part[^0-9]{1,3}1", xmp)
    assert catalog["/ViewerPreferences"] == {"/DisplayDocTitle": True}


def test_pdf_embeds_every_font(rendered):
    _, _, pdf, _ = rendered
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for name, font in page["/Resources"]["/Font"].items():
            fonts[name] = font.get_object()
    assert fonts
    for font in fonts.values():
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_pdf_structure_has_headings_lists_tables_and_figures_with_alt(rendered):
    _, doc, pdf, _ = rendered
    elements = struct_elements(pdf)
    kinds = {element["/S"] for element in elements}
    assert {"/H1", "/H2", "/H3", "/H4", "/L", "/LI", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    figures = [element for element in elements if element["/S"] == "/Figure"]
    assert [figure["/Alt"] for figure in figures] == [chart.alt_text for chart in doc.charts()]


def test_pdf_contains_every_input_and_tip_for_both_text_extractors(rendered):
    data, _, pdf, pdfium_text = rendered
    pypdf_text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for text in (squash(pdfium_text), squash(pypdf_text)):
        for session in data.sessions:
            for item in session.inputs:
                assert squash(item.text) in text
        for group in data.tips:
            for tip in group.items:
                assert squash(tip) in text


def test_pdf_reads_back_into_the_same_sessions_and_inputs(rendered):
    data, _, _, text = rendered
    sessions = read_sessions(text)
    assert sorted(sessions) == sorted(str(s.number) for s in data.sessions)
    for session in data.sessions:
        found = sessions[str(session.number)]
        # grouped order, as printed: the reader sees each item first, then maybe a group heading
        expected = [
            item.text
            for group in dict.fromkeys(i.group for i in session.inputs)
            for item in session.inputs
            if item.group == group
        ]
        assert len(found) == len(expected)
        for seen, wanted in zip(found, expected, strict=True):
            assert seen == wanted or seen.startswith(wanted + " ")


def test_pdf_footer_numbers_pages_after_the_title_page(rendered):
    _, _, pdf, _ = rendered
    pages = pdf_pages(pdf)
    total = len(pages)
    assert "Side 1 av" not in pages[0]
    for number in range(2, total + 1):
        assert f"Side {number} av {total}" in pages[number - 1]


def _sessions_from_corpus(text: str) -> list[Session]:
    """Sessions, groups and bullets from a published report's text (markdown-ish export)."""
    sessions: list[Session] = []
    in_inputs = False
    group = ""
    for raw in text.splitlines():
        line = raw.strip().strip("*").strip()
        heading = re.match(r"Parallellsesjon (\d+) (.+)", line)
        if heading and not re.search(r"\d$", line):  # skip table-of-contents lines
            sessions.append(Session(number=int(heading[1]), title=heading[2]))
            in_inputs, group = False, ""
        elif sessions and line.upper() == "INNSPILL FRA DELTAKERNE":
            in_inputs = True
        elif sessions and line.startswith("Oppsummering fra sesjonene"):
            break
        elif in_inputs and line.startswith("- "):
            sessions[-1].inputs.append(SessionInput(text=line[2:], group=group))
        elif in_inputs and line and len(line) < 60 and not line.endswith("."):
            group = line
    return sessions


def test_pdf_of_a_published_reports_inputs_contains_every_input_in_its_session():
    text = corpus_file("2017-integreringskonferansen-rapport.txt").read_text()
    sessions = _sessions_from_corpus(text)
    assert sessions and all(session.inputs for session in sessions)
    data = ConferenceReportData(
        facts=ConferenceFacts(name="Integreringskonferansen", year=2017), sessions=sessions
    )
    pdf = render_pdf(conference_report(data))
    found = read_sessions(pdf_text(pdf))
    for session in sessions:
        read = " ".join(found[str(session.number)])
        for item in session.inputs:
            assert squash(item.text) in read


def test_pdf_chart_labels_join_the_text_layer_only_with_vector_charts():
    _, doc = small_conference()
    doc.sections = [s for s in doc.sections if s.heading == "Evaluering av konferansen"]
    category = doc.charts()[-1].data.categories[0]  # a label printed on the chart alone
    vector = render_pdf(doc, vector_charts=True)
    figures = [e for e in struct_elements(vector) if e["/S"] == "/Figure"]
    assert [figure["/Alt"] for figure in figures] == [chart.alt_text for chart in doc.charts()]
    assert category in pdf_text(vector)
    assert category not in pdf_text(render_pdf(doc))


def test_pdf_links_are_described_by_their_heading_and_progress_is_reported():
    doc = ReportDocument(
        title="Rapport",
        sections=[Section(heading="Innledning"), Section(heading="Gode eksempler")],
    )
    calls = []
    pdf = render_pdf(doc, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    described = {
        annotation.get_object()["/Contents"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    }
    assert described == {"Innledning", "Gode eksempler"}
