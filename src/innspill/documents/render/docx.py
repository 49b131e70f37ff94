"""Editable DOCX (python-docx): real heading and list styles, header rows, charts as PNG."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from innspill.documents.render.charts import chart_png, png_size
from innspill.documents.render.model import (
    Block,
    BulletList,
    Chart,
    PageBreak,
    Paragraph,
    Quote,
    ReportDocument,
    Span,
    Table,
)

CHART_WIDTH_CM = 16.0
LINK_COLOUR = RGBColor(0x0B, 0x4F, 0x8A)


def render_docx(doc: ReportDocument) -> bytes:
    """A Word document with the report's headings, lists, tables and charts."""
    document = Document()
    _set_language(document, doc.language)
    props = document.core_properties
    props.title = doc.title
    props.subject = doc.subtitle
    props.language = _docx_language(doc.language)
    props.author = doc.metadata.get("author", "")
    props.keywords = doc.metadata.get("keywords", "")
    props.comments = doc.metadata.get("description", "")
    _page_number_footer(document)

    document.add_heading(doc.title, level=0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle, style="Subtitle")
    for section in doc.sections:
        if section.page_break_before:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(section.heading, level=section.level)
        for block in section.blocks:
            _block(document, block, section.level)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_language(language: str) -> str:
    # Word knows Norwegian Bokmål as nb-NO; a bare "nb" is not offered for proofing
    return {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}.get(language, language)


def _set_language(document: DocxDocument, language: str) -> None:
    """Make the proofing language of every default run the report's language."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is None:
        return
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), _docx_language(language))


def _page_number_footer(document: DocxDocument) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = 1  # centred
    footer.add_run("Side ")
    _field(footer, "PAGE")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _block(document: DocxDocument, block: Block, level: int) -> None:
    if isinstance(block, Paragraph):
        _spans(document.add_paragraph(), block.spans)
    elif isinstance(block, BulletList):
        if block.heading:
            document.add_heading(block.heading, level=min(level + 1, 9))
        for item in block.items:
            _spans(document.add_paragraph(style="List Bullet"), item.spans)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Chart):
        _chart(document, block)
    elif isinstance(block, Quote):
        document.add_paragraph(block.text, style="Quote")
        if block.attribution:
            document.add_paragraph(block.attribution, style="Quote")
    elif isinstance(block, PageBreak):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        raise TypeError(f"unknown block: {block!r}")


def _spans(paragraph: DocxParagraph, spans: list[Span]) -> None:
    for span in spans:
        if span.href:
            _hyperlink(paragraph, span)
            continue
        run = paragraph.add_run(span.text)
        run.bold = span.bold or None
        run.italic = span.italic or None


def _hyperlink(paragraph: DocxParagraph, span: Span) -> None:
    # python-docx reads hyperlinks but cannot write them; build the element by hand
    assert span.href is not None
    rel_id = paragraph.part.relate_to(span.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = paragraph.add_run(span.text)
    run.bold = span.bold or None
    run.italic = span.italic or None
    run.underline = True
    run.font.color.rgb = LINK_COLOUR
    link.append(run._r)
    paragraph._p.append(link)


def _table(document: DocxDocument, table: Table) -> None:
    document.add_paragraph(table.caption, style="Caption")
    columns = max([len(table.header), *(len(row) for row in table.rows)])
    grid = document.add_table(rows=1 + len(table.rows), cols=columns)
    grid.style = "Table Grid"
    header = grid.rows[0]
    # repeat the header row on every page and mark it as the header for screen readers
    tr_pr = header._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)
    for cell, text in zip(header.cells, table.header, strict=False):
        cell.paragraphs[0].add_run(text).bold = True
    for row, values in zip(grid.rows[1:], table.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=False):
            cell.text = text


def _chart(document: DocxDocument, chart: Chart) -> None:
    document.add_paragraph(chart.title, style="Caption")
    width_px, height_px = png_size(chart)
    height_cm = CHART_WIDTH_CM * height_px / width_px
    paragraph = document.add_paragraph()
    shape = paragraph.add_run().add_picture(
        io.BytesIO(chart_png(chart)), width=Cm(CHART_WIDTH_CM), height=Cm(height_cm)
    )
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.alt_text)
    doc_pr.set("title", chart.title)
