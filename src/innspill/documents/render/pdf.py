"""Tagged PDF (PDF/UA-1) through WeasyPrint, from the same HTML as the web page."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from innspill.documents.render.html import PRINT_CSS, REPORT_CSS, print_html
from innspill.documents.render.model import ReportDocument

if TYPE_CHECKING:
    # WeasyPrint takes most of a second to import; only a PDF build pays for it
    from weasyprint import CSS

PROGRESS_STEPS = 3  # our HTML built, WeasyPrint layout done, PDF written


@cache
def _stylesheet() -> CSS:
    from weasyprint import CSS

    # parsed once per process; the CSS is constant
    return CSS(string=REPORT_CSS + PRINT_CSS)


def render_pdf(
    doc: ReportDocument,
    *,
    toc: bool = True,
    vector_charts: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """A PDF/UA-1 document: tagged structure, /Lang from the document, embedded fonts.

    Charts are PNG figures with alt text; `vector_charts` draws the SVG instead (the chart
    labels then join the text layer). `on_progress(done, total)` is called after each of the
    PROGRESS_STEPS phases, for a background build that shows progress.
    """
    from weasyprint import HTML

    options: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    html = HTML(string=print_html(doc, toc=toc, vector_charts=vector_charts), base_url=".")
    if on_progress:
        on_progress(1, PROGRESS_STEPS)
    document = html.render(stylesheets=[_stylesheet()], **options)
    if on_progress:
        on_progress(2, PROGRESS_STEPS)
    pdf = document.write_pdf(finisher=_describe_internal_links(doc), **options)
    if on_progress:
        on_progress(3, PROGRESS_STEPS)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf


def _describe_internal_links(doc: ReportDocument) -> Callable[[Any, Any], None]:
    """A WeasyPrint finisher giving table-of-contents links their heading as description.

    PDF/UA wants every link annotation described; WeasyPrint writes the link target there,
    which for an internal link is our anchor id («s3»), meaningless to a screen reader.
    """
    headings = {f"s{index}": section.heading for index, section in enumerate(doc.sections)}

    def finisher(_document: Any, pdf: Any) -> None:
        for obj in pdf.objects:
            if not isinstance(obj, dict) or obj.get("Subtype") != "/Link":
                continue
            contents = obj.get("Contents")
            target = getattr(contents, "string", None)
            if contents is not None and target in headings:
                contents.string = headings[target]

    return finisher
