"""Editable DOCX (python-docx): real heading and list styles, header rows, charts as PNG."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

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
    is_safe_url,
)

CHART_WIDTH_CM = 16.0
LINK_COLOUR = RGBColor(0x0B, 0x4F, 0x8A)


def render_docx(doc: ReportDocument) -> bytes:
    """A Word document with the report's headings, lists, tables and charts."""
    return _DocxWriter(doc).render()


class _DocxWriter:
    """Writes one report; styles are resolved to ids once.

    python-docx looks a style up by name with a scan of every style on each call, which was
    about half of the render time for a 40-page report (see benchmarks/bench_reports.py).
    """

    def __init__(self, doc: ReportDocument, *, resolve_styles_once: bool = True) -> None:
        self.doc = doc
        self.document = Document()
        self.resolve_styles_once = resolve_styles_once
        self._style_ids: dict[str, str] = {}

    def render(self) -> bytes:
        doc, document = self.doc, self.document
        _set_language(document, doc.language)
        props = document.core_properties
        props.title = doc.title
        props.subject = doc.subtitle
        props.language = _docx_language(doc.language)
        props.author = doc.metadata.get("author", "")
        props.keywords = doc.metadata.get("keywords", "")
        props.comments = doc.metadata.get("description", "")
        if doc.metadata.get("created"):
            created = datetime.fromisoformat(doc.metadata["created"])
            props.created = props.modified = created
        _page_number_footer(document)

        self.paragraph("Title", doc.title)
        if doc.subtitle:
            self.paragraph("Subtitle", doc.subtitle)
        for section in doc.sections:
            heading = self.paragraph(f"Heading {section.level}", section.heading)
            # a property of the heading, not an empty paragraph holding a break
            heading.paragraph_format.page_break_before = section.page_break_before or None
            for block in section.blocks:
                self.block(block, section.level)
        buffer = io.BytesIO()
        document.save(buffer)
        return _fixed_zip_times(buffer.getvalue())

    def paragraph(self, style: str | None, text: str = "") -> DocxParagraph:
        if not self.resolve_styles_once:
            return self.document.add_paragraph(text, style=style)
        paragraph = self.document.add_paragraph(text)
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.styles[style].style_id
            paragraph._p.style = self._style_ids[style]
        return paragraph

    def block(self, block: Block, level: int) -> None:
        if isinstance(block, Paragraph):
            _spans(self.paragraph(None), block.spans)
        elif isinstance(block, BulletList):
            if block.heading:
                self.paragraph(f"Heading {min(level + 1, 9)}", block.heading)
            for item in block.items:
                _spans(self.paragraph("List Bullet"), item.spans)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Quote):
            self.paragraph("Quote", block.text)
            if block.attribution:
                self.paragraph("Quote", block.attribution)
        elif isinstance(block, PageBreak):
            self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"unknown block: {block!r}")

    def table(self, table: Table) -> None:
        self.paragraph("Caption", table.caption)
        columns = max([len(table.header), *(len(row) for row in table.rows)])
        grid = self.document.add_table(rows=1 + len(table.rows), cols=columns)
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

    def chart(self, chart: Chart) -> None:
        self.paragraph("Caption", chart.title)
        width_px, height_px = png_size(chart)
        height_cm = CHART_WIDTH_CM * height_px / width_px
        shape = (
            self.paragraph(None)
            .add_run()
            .add_picture(
                io.BytesIO(chart_png(chart)), width=Cm(CHART_WIDTH_CM), height=Cm(height_cm)
            )
        )
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", chart.alt_text)
        doc_pr.set("title", chart.title)


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with every entry dated 1980-01-01, so equal reports give equal bytes.

    A published report is stored with a content hash; rebuilding it must not change the hash
    just because the clock moved.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


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


def _spans(paragraph: DocxParagraph, spans: list[Span]) -> None:
    for span in spans:
        if span.href and is_safe_url(span.href):
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
