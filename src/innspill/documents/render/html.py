"""Accessible HTML for a report: no inline scripts or styles, so a strict CSP holds."""

from __future__ import annotations

import base64
import re
from html import escape

from innspill.documents.render.charts import chart_png, chart_svg
from innspill.documents.render.model import (
    Block,
    BulletList,
    Chart,
    PageBreak,
    Paragraph,
    Quote,
    ReportDocument,
    Section,
    Span,
    Table,
    is_safe_url,
)

# 560 CSS px printed 17 cm wide: scale 2.5 gives 1400 px, about 210 dpi
PRINT_SCALE = 2.5

# Shared by the web page and the PDF; served as a file on the web (CSP forbids <style>).
REPORT_CSS = """
.report { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; line-height: 1.5;
  color: #1a1a1a; max-width: 46rem; }
.report h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .25em; overflow-wrap: break-word; }
.report h1, .report h2, .report h3 { overflow-wrap: break-word; hyphens: auto; }
.report .subtitle { font-size: 1.25rem; margin: 0 0 1.5em; }
.report h2 { font-size: 1.5rem; line-height: 1.25; margin: 1.6em 0 .5em; }
.report h3 { font-size: 1.2rem; line-height: 1.3; margin: 1.4em 0 .4em; }
.report h4 { font-size: 1.05rem; margin: 1.2em 0 .3em; text-transform: uppercase;
  letter-spacing: .03em; }
.report h5, .report h6 { font-size: 1rem; margin: 1em 0 .25em; }
.report p { margin: 0 0 .8em; }
.report a { color: #0b4f8a; text-decoration: underline; }
.report ul.bullets { margin: 0 0 1em; padding-left: 1.4em; list-style-type: "\\2022\\00A0"; }
.report ul.bullets li { margin: 0 0 .3em; }
.report .toc ol { list-style: none; padding-left: 0; }
.report .toc li.toc-2 { padding-left: 1.5em; }
.report .table-scroll { overflow-x: auto; margin: 0 0 1.2em; }
.report table { border-collapse: collapse; width: 100%; }
.report caption { text-align: left; font-weight: bold; padding: 0 0 .3em; }
.report th, .report td { border: 1px solid #767676; padding: .3em .5em; text-align: left;
  vertical-align: top; }
.report thead th { background: #e8eef5; }
.report tbody th { min-width: 9em; font-weight: normal; }
.report td.num { text-align: right; white-space: nowrap; }
.report figure { margin: 1em 0 1.5em; }
.report figure.chart-figure { overflow-x: auto; }
.report figure.chart-figure svg, .report figure.chart-figure img { width: 100%;
  max-width: 35rem; min-width: 30rem; height: auto; }
.report figcaption { font-weight: bold; margin: 0 0 .4em; }
.report figure.quote { border-left: 4px solid #1f4e79; padding: .2em 0 .2em 1em; }
.report figure.quote figcaption { font-weight: normal; }
.report figure.quote blockquote { margin: 0; font-size: 1.1rem; font-style: italic; }
"""

# Print-only rules: the page box, the footer with page numbers, where pages break.
PRINT_CSS = """
@page { size: A4; margin: 2.2cm 2cm 2.4cm;
  @bottom-center { content: "Side " counter(page) " av " counter(pages);
    font-family: "DejaVu Sans", sans-serif; font-size: 9pt; color: #1a1a1a; } }
@page :first { @bottom-center { content: none; } }
html { font-size: 10.5pt; }
.report { max-width: none; }
.report .title-page { break-after: page; padding-top: 6cm; }
.report .toc { break-after: page; }
.report .toc a { color: #1a1a1a; text-decoration: none; }
.report .toc a::after { content: leader(".") target-counter(attr(href), page); }
.report h2, .report h3, .report h4, .report h5 { break-after: avoid; }
.report .new-page { break-before: page; }
.report .page-break { break-after: page; }
.report figure, .report tr { break-inside: avoid; }
/* an input never splits over a page: readers of the PDF would see two */
.report ul.bullets li { break-inside: avoid; }
.report p { orphans: 3; widows: 3; }
.report table { font-size: 8.5pt; }
.report th, .report td { padding: .2em .35em; }
.report figure.chart-figure { overflow: visible; }
/* as wide as the text, but never taller than a page: a chart of many themes over several years
   ran past the page's foot, leaving its heading and caption alone on the pages before */
.report img.chart-image { width: 100%; max-width: none; min-width: 0; height: auto;
  max-height: 21cm; object-fit: contain; object-position: left top; }
.report thead { display: table-header-group; }
/* a real "•" in the text flow, so text extraction keeps each bullet before its item */
.report ul.bullets { list-style: none; padding-left: 1.2em; }
.report ul.bullets li::before { content: "\\2022\\00A0"; margin-left: -1em; display: inline-block;
  width: 1em; }
"""


def render_html(
    doc: ReportDocument, *, stylesheet_href: str | None = None, toc: bool = True
) -> bytes:
    """A complete HTML page; link the stylesheet (REPORT_CSS) by URL to keep CSP strict."""
    return _page(doc, body=report_fragment(doc, toc=toc), stylesheet_href=stylesheet_href)


def report_fragment(
    doc: ReportDocument, *, toc: bool = True, for_print: bool = False, vector_charts: bool = False
) -> str:
    """The report as an <article>, for embedding in a page template.

    Charts are inline SVG on the web; in print they are PNG images unless `vector_charts`.
    """
    parts = [f'<article class="report" lang="{escape(doc.language)}">']
    header_class = "title-page" if for_print else "report-header"
    parts.append(f'<header class="{header_class}"><h1>{escape(doc.title)}</h1>')
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    parts.append("</header>")
    if toc and doc.sections:
        # print lists chapters only (PDF bookmarks hold the rest), so importers reading the
        # text back do not meet every session heading twice
        parts.append(_toc(doc, max_level=1 if for_print else 2))
    for index, section in enumerate(doc.sections):
        charts = ("svg-image" if vector_charts else "png") if for_print else "inline-svg"
        parts.append(_section(section, index, charts=charts))
    parts.append("</article>")
    return "".join(parts)


def print_html(doc: ReportDocument, *, toc: bool = True, vector_charts: bool = False) -> str:
    """The page WeasyPrint lays out (charts as images with alt text, a title page)."""
    body = report_fragment(doc, toc=toc, for_print=True, vector_charts=vector_charts)
    return _page(doc, body=body, stylesheet_href=None).decode()


def _page(doc: ReportDocument, *, body: str, stylesheet_href: str | None) -> bytes:
    head = ['<meta charset="utf-8">', f"<title>{escape(doc.title)}</title>"]
    head.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    for name, key in (
        ("author", "author"),
        ("description", "description"),
        ("keywords", "keywords"),
        ("dcterms.created", "created"),
        ("generator", "generator"),
    ):
        if doc.metadata.get(key):
            head.append(f'<meta name="{name}" content="{escape(doc.metadata[key])}">')
    if stylesheet_href:
        head.append(f'<link rel="stylesheet" href="{escape(stylesheet_href)}">')
    html = (
        f'<!DOCTYPE html>\n<html lang="{escape(doc.language)}"><head>{"".join(head)}</head>'
        f"<body><main>{body}</main></body></html>\n"
    )
    return html.encode()


def _toc(doc: ReportDocument, *, max_level: int) -> str:
    items = [
        f'<li class="toc-{s.level}"><a href="#s{i}">{escape(s.heading)}</a></li>'
        for i, s in enumerate(doc.sections)
        if s.level <= max_level
    ]
    return (
        '<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">Innhold</h2>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def _section(section: Section, index: int, *, charts: str) -> str:
    tag = f"h{section.level + 1}"
    classes = f"level-{section.level}" + (" new-page" if section.page_break_before else "")
    label = f' aria-labelledby="s{index}"' if section.level == 1 else ""
    parts = [
        # only chapters are named regions: «Innspill fra deltakerne» under every session
        # would give many landmarks with one name
        f'<section class="{classes}"{label}>',
        f'<{tag} id="s{index}">{escape(section.heading)}</{tag}>',
    ]
    for block_index, block in enumerate(section.blocks):
        parts.append(_block(block, section.level, f"s{index}-c{block_index}", charts=charts))
    parts.append("</section>")
    return "".join(parts)


def _block(block: Block, level: int, block_id: str, *, charts: str) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_spans(block.spans)}</p>"
    if isinstance(block, BulletList):
        heading = ""
        if block.heading:
            tag = f"h{min(level + 2, 6)}"
            heading = f'<{tag} class="list-heading">{escape(block.heading)}</{tag}>'
        items = "".join(f"<li>{_spans(item.spans)}</li>" for item in block.items)
        return f'{heading}<ul class="bullets">{items}</ul>'
    if isinstance(block, Table):
        return _table(block, block_id)
    if isinstance(block, Chart):
        return _chart(block, block_id, mode=charts)
    if isinstance(block, Quote):
        caption = (
            f"<figcaption>{escape(block.attribution)}</figcaption>" if block.attribution else ""
        )
        return (
            f'<figure class="quote"><blockquote><p>{escape(block.text)}</p></blockquote>'
            f"{caption}</figure>"
        )
    if isinstance(block, PageBreak):
        return '<div class="page-break" aria-hidden="true"></div>'
    raise TypeError(f"unknown block: {block!r}")


def _spans(spans: list[Span]) -> str:
    out = []
    for span in spans:
        text = escape(span.text)
        if span.italic:
            text = f"<em>{text}</em>"
        if span.bold:
            text = f"<strong>{text}</strong>"
        # checked again here: a stored draft may not have come through parse_inline
        if span.href and is_safe_url(span.href):
            text = f'<a href="{escape(span.href)}">{text}</a>'
        out.append(text)
    return "".join(out)


_NUMERIC = re.compile(r"^[-–+]?\d[\d\s.,]*(?:\s?%)?$")


def _cell(text: str, *, row_header: bool, numeric: bool) -> str:
    if row_header:
        return f'<th scope="row">{escape(text)}</th>'
    if numeric:
        return f'<td class="num">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def _table(table: Table, block_id: str) -> str:
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table.header)
    # numbers are right-aligned only in columns that hold nothing else
    numeric = {
        i
        for i in range(len(table.header))
        if all(_NUMERIC.match(row[i]) for row in table.rows if i < len(row))
    }
    rows = []
    for row in table.rows:
        cells = "".join(
            _cell(cell, row_header=i == table.row_header, numeric=i in numeric)
            for i, cell in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    # a wide table scrolls sideways on a phone; the region is named and focusable so
    # keyboard users can scroll it too
    caption_id = f"{block_id}-caption"
    return (
        f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">'
        f'<table><caption id="{caption_id}">{escape(table.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _chart(chart: Chart, block_id: str, *, mode: str) -> str:
    """A figure; `mode` is inline-svg (web), png or svg-image (print)."""
    attributes = ""
    if mode == "inline-svg":
        graphic = chart_svg(chart, id_prefix=block_id)
        # the chart keeps a minimum width and scrolls on a phone; focusable so the keyboard
        # can scroll it too
        attributes = ' tabindex="0"'
    else:
        # An <img>: WeasyPrint puts the full text alternative in the Figure's /Alt. As a PNG
        # the chart's labels also stay out of the text layer, where importers reading our
        # PDF back would take «Parallellsesjon 1» on a bar for a heading. It costs about the
        # same as WeasyPrint drawing the SVG (see benchmarks/bench_reports.py).
        if mode == "png":
            data, kind = chart_png(chart, scale=PRINT_SCALE), "png"
        else:
            data, kind = chart_svg(chart, id_prefix=block_id).encode(), "svg+xml"
        source = f"data:image/{kind};base64,{base64.b64encode(data).decode()}"
        graphic = f'<img src="{source}" alt="{escape(chart.alt_text)}" class="chart-image">'
    return (
        f'<figure class="chart-figure"{attributes}><figcaption>{escape(chart.title)}</figcaption>'
        f"{graphic}</figure>"
    )
