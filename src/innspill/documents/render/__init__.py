"""Render reports from one document model to accessible HTML, tagged PDF and editable DOCX.

Build a `ReportDocument` with `conference_report(data)` / `input_report(data)` (or by hand),
store drafts with `document_to_dict`, and render with `render(doc, output_format=...)` or
`render_html` / `render_pdf` / `render_docx`; serve the web page with REPORT_CSS as a file.
"""

from typing import Any

from innspill.documents.render.builders import (
    ConferenceFacts,
    ConferenceReportData,
    Evaluation,
    GoodExample,
    InputReportData,
    QuestionInputs,
    RecurringInput,
    SelectionRow,
    Session,
    SessionInput,
    SessionSummary,
    Talk,
    TipGroup,
    conference_data_from_dict,
    conference_report,
    evaluation_figures,
    evaluation_sentences,
    input_data_from_dict,
    input_report,
    positive_share,
)
from innspill.documents.render.charts import (
    chart_png,
    chart_svg,
    intent_chart,
    per_year_chart,
    satisfaction_chart,
    themes_per_year_chart,
)
from innspill.documents.render.formats import RENDERERS, Renderer, content_hash, render
from innspill.documents.render.html import PRINT_CSS, REPORT_CSS, render_html, report_fragment
from innspill.documents.render.model import (
    BulletList,
    Chart,
    ChartData,
    ChartSeries,
    PageBreak,
    Paragraph,
    Quote,
    ReportDocument,
    Section,
    Span,
    Table,
    bullets,
    paragraph,
    parse_inline,
)
from innspill.documents.render.pdf import render_pdf
from innspill.documents.render.serialize import document_from_dict, document_to_dict

__all__ = [
    "PRINT_CSS",
    "RENDERERS",
    "REPORT_CSS",
    "BulletList",
    "Chart",
    "ChartData",
    "ChartSeries",
    "ConferenceFacts",
    "ConferenceReportData",
    "Evaluation",
    "GoodExample",
    "InputReportData",
    "PageBreak",
    "Paragraph",
    "QuestionInputs",
    "Quote",
    "Renderer",
    "RecurringInput",
    "ReportDocument",
    "Section",
    "SelectionRow",
    "Session",
    "SessionInput",
    "SessionSummary",
    "Span",
    "Table",
    "Talk",
    "TipGroup",
    "bullets",
    "chart_png",
    "chart_svg",
    "conference_data_from_dict",
    "conference_report",
    "content_hash",
    "document_from_dict",
    "document_to_dict",
    "evaluation_figures",
    "evaluation_sentences",
    "input_data_from_dict",
    "input_report",
    "intent_chart",
    "paragraph",
    "parse_inline",
    "per_year_chart",
    "positive_share",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
    "report_fragment",
    "satisfaction_chart",
    "themes_per_year_chart",
]


def __getattr__(name: str) -> Any:
    # python-docx takes a noticeable part of a second to import; a process that never writes
    # a DOCX (every command, most web requests) does not load it
    if name == "render_docx":
        from innspill.documents.render.docx import render_docx

        return render_docx
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
