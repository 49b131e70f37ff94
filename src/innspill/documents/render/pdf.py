"""Tagged PDF (PDF/UA-1) through WeasyPrint, from the same HTML as the web page."""

from __future__ import annotations

from functools import cache

from weasyprint import CSS, HTML

from innspill.documents.render.html import PRINT_CSS, REPORT_CSS, print_html
from innspill.documents.render.model import ReportDocument


@cache
def _stylesheet() -> CSS:
    # parsed once per process; the CSS is constant
    return CSS(string=REPORT_CSS + PRINT_CSS)


def render_pdf(doc: ReportDocument, *, toc: bool = True, vector_charts: bool = False) -> bytes:
    """A PDF/UA-1 document: tagged structure, /Lang from the document, embedded fonts.

    Charts are PNG figures with alt text; `vector_charts` draws the SVG instead (sharper, but
    slower and the chart labels then join the text layer).
    """
    html = HTML(string=print_html(doc, toc=toc, vector_charts=vector_charts), base_url=".")
    pdf = html.write_pdf(
        stylesheets=[_stylesheet()],
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=False,
    )
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
