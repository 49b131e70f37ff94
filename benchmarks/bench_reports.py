"""Benchmark: render the full conference report (about 40 pages with charts) as HTML, DOCX, PDF.

Targets from issue 6: PDF under 10 s, DOCX under 3 s, HTML under 1 s. Naive comparisons in
the same run: the PDF rendered one top-level section at a time (as a builder with per-section
progress might) and merged with pypdf, against one WeasyPrint render of the whole document; the
DOCX written with python-docx's usual style-by-name calls, against styles resolved once.

    .venv/bin/python benchmarks/bench_reports.py [--quick]
"""

from __future__ import annotations

import argparse
import io
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
from weasyprint import HTML

from innspill.documents.render import (
    ReportDocument,
    conference_report,
    input_report,
    render_docx,
    render_html,
    render_pdf,
)
from innspill.documents.render.docx import _DocxWriter
from innspill.documents.render.html import print_html
from innspill.documents.render.pdf import _stylesheet
from innspill.documents.render.sample import conference_data, input_data

TARGETS = {"html": 1.0, "docx": 3.0, "pdf": 10.0}


def timed(function: Callable[[], bytes], repeat: int) -> tuple[float, float, bytes]:
    """Median wall and CPU time over `repeat` runs, and the last output.

    The benchmark machine is shared, so CPU time (this process only) is the steadier figure.
    """
    walls, cpus = [], []
    output = b""
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        output = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), output


def per_section_pdf(doc: ReportDocument) -> bytes:
    """The naive way: one WeasyPrint document per top-level section, merged afterwards."""
    parts: list[list] = []
    for section in doc.sections:
        if section.level == 1 or not parts:
            parts.append([])
        parts[-1].append(section)
    writer = pypdf.PdfWriter()
    for index, sections in enumerate(parts):
        title = doc.title if index == 0 else f"{doc.title} ({index + 1})"
        part = ReportDocument(title=title, language=doc.language, sections=sections)
        writer.append(io.BytesIO(render_pdf(part, toc=False)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def pdf_phases(doc: ReportDocument) -> dict[str, float]:
    """Where the PDF time goes: our HTML, WeasyPrint layout, PDF writing (tags, fonts)."""
    start = time.perf_counter()
    html = print_html(doc)
    built = time.perf_counter()
    document = HTML(string=html, base_url=".").render(
        stylesheets=[_stylesheet()], pdf_variant="pdf/ua-1", pdf_tags=True
    )
    laid_out = time.perf_counter()
    document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    written = time.perf_counter()
    return {"html": built - start, "layout": laid_out - built, "write": written - laid_out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one run each (for make bench)")
    args = parser.parse_args()
    repeat = 1 if args.quick else 3

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"CPU: {cpu}; Python {platform.python_version()}; runs per figure: {repeat} (median)")

    data = conference_data(sessions=8, inputs_per_session=40, talks=6, questions=12)
    inputs = sum(len(s.inputs) for s in data.sessions)
    start = time.perf_counter()
    doc = conference_report(data)
    build = time.perf_counter() - start
    print(
        f"Conference report: {len(data.sessions)} sessions, {inputs} inputs, "
        f"{len(data.talks)} talks, {len(doc.charts())} charts; model built in {build * 1000:.1f} ms"
    )

    renderers = {"html": render_html, "docx": render_docx, "pdf": render_pdf}
    results = {name: timed(lambda r=render: r(doc), repeat) for name, render in renderers.items()}
    print(f"\n{'format':8}{'wall (s)':>10}{'cpu (s)':>9}{'target':>8}{'size (kB)':>11}")
    for name, (wall, cpu, output) in results.items():
        verdict = "ok" if cpu < TARGETS[name] else "OVER"
        print(
            f"{name:8}{wall:10.2f}{cpu:9.2f}{TARGETS[name]:7.0f}s{len(output) / 1024:11.0f}"
            f"  {verdict} (cpu)"
        )
    pdf_wall, pdf_cpu, pdf = results["pdf"]
    page_count = pages(pdf)
    print(f"PDF pages: {page_count} ({pdf_cpu / page_count * 1000:.0f} ms cpu per page)")

    if not args.quick:
        phases = pdf_phases(doc)
        print("PDF phases (wall): " + ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))

    naive_wall, naive_cpu, naive_pdf = timed(lambda: per_section_pdf(doc), 1)
    print(
        f"\nNaive (one WeasyPrint render per top-level section, merged with pypdf): "
        f"wall {naive_wall:.2f} s, cpu {naive_cpu:.2f} s, {pages(naive_pdf)} pages, "
        f"{len(naive_pdf) / 1024:.0f} kB\n-> cpu ratio naive / one document = "
        f"{naive_cpu / pdf_cpu:.2f}; one document also keeps one structure tree, running "
        f"page numbers and the table of contents, which the merged file loses"
    )

    if not args.quick:
        svg_wall, svg_cpu, svg_pdf = timed(lambda: render_pdf(doc, vector_charts=True), repeat)
        print(
            f"PDF with the charts as SVG drawn by WeasyPrint: wall {svg_wall:.2f} s, "
            f"cpu {svg_cpu:.2f} s, {len(svg_pdf) / 1024:.0f} kB ({svg_cpu - pdf_cpu:+.2f} s "
            f"cpu against PNG charts)"
        )

    docx_wall, docx_cpu, _ = results["docx"]
    naive_docx = timed(lambda: _DocxWriter(doc, resolve_styles_once=False).render(), repeat)
    print(
        f"Naive DOCX (python-docx style lookup by name for every paragraph): "
        f"wall {naive_docx[0]:.2f} s, cpu {naive_docx[1]:.2f} s "
        f"-> styles resolved once are {naive_docx[1] / docx_cpu:.1f}x faster (cpu)"
    )

    if not args.quick:
        idoc = input_report(input_data())
        input_wall, input_cpu, input_pdf = timed(lambda: render_pdf(idoc), repeat)
        print(
            f"Input report PDF: wall {input_wall:.2f} s, cpu {input_cpu:.2f} s, "
            f"{pages(input_pdf)} pages"
        )


if __name__ == "__main__":
    main()
