import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from innspill.documents.render import (
    BulletList,
    ReportDocument,
    Section,
    Table,
    paragraph,
    render_docx,
)
from tests.documents.test_render_support import small_conference


@pytest.fixture(scope="module")
def rendered():
    data, doc = small_conference()
    return data, doc, docx.Document(io.BytesIO(render_docx(doc)))


def test_docx_core_properties_carry_title_and_language(rendered):
    _, doc, document = rendered
    assert document.core_properties.title == doc.title
    assert document.core_properties.language == "nb-NO"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nb-NO"


def test_docx_headings_use_real_heading_styles_in_order(rendered):
    _, doc, document = rendered
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    expected = []
    for section in doc.sections:
        expected.append((f"Heading {section.level}", section.heading))
        expected.extend(
            (f"Heading {section.level + 1}", block.heading)
            for block in section.blocks
            if isinstance(block, BulletList) and block.heading
        )
    assert headings == expected
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == doc.title


def test_docx_inputs_are_list_bullet_paragraphs(rendered):
    data, _, document = rendered
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for session in data.sessions:
        for item in session.inputs:
            assert item.text in bullets
    for group in data.tips:
        for tip in group.items:
            assert tip in bullets


def test_docx_tables_have_a_bold_repeating_header_row(rendered):
    _, doc, document = rendered
    tables = [b for s in doc.sections for b in s.blocks if isinstance(b, Table)]
    assert len(document.tables) == len(tables)
    for table, source in zip(document.tables, tables, strict=True):
        header = table.rows[0]
        assert [c.text for c in header.cells] == source.header
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
        assert [[c.text for c in row.cells] for row in table.rows[1:]] == source.rows


def test_docx_charts_are_png_images_with_alt_text(rendered):
    _, doc, document = rendered
    charts = doc.charts()
    shapes = document.inline_shapes
    assert len(shapes) == len(charts)
    for shape, chart in zip(shapes, charts, strict=True):
        doc_pr = shape._inline.docPr
        assert doc_pr.get("descr") == chart.alt_text
        assert doc_pr.get("title") == chart.title
        rel_id = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = document.part.related_parts[rel_id]
        assert image.content_type == "image/png"
        assert Image.open(io.BytesIO(image.blob)).format == "PNG"


def test_docx_rich_text_keeps_bold_and_writes_real_hyperlinks():
    doc = ReportDocument(
        title="R",
        sections=[
            Section(heading="Om", blocks=[paragraph("**Viktig**: se [IMDi](https://www.imdi.no).")])
        ],
    )
    document = docx.Document(io.BytesIO(render_docx(doc)))
    body = document.paragraphs[-1]
    assert [(run.text, run.bold) for run in body.runs] == [
        ("Viktig", True),
        (": se ", None),
        (".", None),
    ]
    links = body.hyperlinks
    assert [(link.text, link.address) for link in links] == [("IMDi", "https://www.imdi.no")]


def test_docx_bytes_do_not_depend_on_the_clock_and_dates_come_from_metadata():
    doc = ReportDocument(
        title="R",
        sections=[Section(heading="A", blocks=[paragraph("tekst")])],
        metadata={"created": "2025-10-01T12:00:00+00:00"},
    )
    data = render_docx(doc)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(data)).core_properties
    assert (props.created.isoformat(), props.modified.isoformat()) == (
        "2025-10-01T12:00:00+00:00",
        "2025-10-01T12:00:00+00:00",
    )
    assert render_docx(doc) == data


def test_docx_chapters_start_on_a_new_page_through_the_heading_itself(rendered):
    _, doc, document = rendered
    breaks = {
        p.text: bool(p.paragraph_format.page_break_before)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    }
    for section in doc.sections:
        assert breaks[section.heading] == section.page_break_before
    assert [p.text for p in document.paragraphs if not p.text and not p.runs] == []
