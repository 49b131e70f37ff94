"""Benchmark of report import: a 30-page text PDF read and structured, and OCR throughput.

Run: .venv/bin/python benchmarks/bench_documents.py [--quick]

Compares against the naive approach in the same run: pypdf's pure-Python text extraction
for the text PDF, and sequential OCR (one tesseract at a time) for the scanned pages.
"""

from __future__ import annotations

import argparse
import html
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import psutil
import pypdf
import pypdfium2 as pdfium
from weasyprint import HTML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from innspill.documents.ocr import available_workers, ocr_pdf_pages  # noqa: E402
from innspill.documents.structure import parse_document  # noqa: E402
from tests.corpus import corpus_file  # noqa: E402

PAGES = 30


def make_text_pdf(target: Path) -> int:
    """A 30-page report PDF made from the 2017 report text, repeated."""
    lines = corpus_file("2017-integreringskonferansen-rapport.txt").read_text("utf-8").splitlines()
    parts: list[str] = []
    for line in lines:
        text = html.escape(line.strip().strip("*"))
        if not text:
            continue
        if text.startswith("- "):
            # an HTML list: WeasyPrint writes the markers apart from their lines, which the
            # reader has to put back (see readers.restore_list_markers)
            parts.append(f"<ul><li>{text[2:]}</li></ul>")
        elif len(text) < 90 and not text.endswith("."):
            parts.append(f"<h3>{text}</h3>")
        else:
            parts.append(f"<p>{text}</p>")
    body = "\n".join(parts)
    document = HTML(string=f"<html><body>{body}{body}</body></html>").render()
    pages = document.pages[:PAGES]
    document.copy(pages).write_pdf(target)
    return len(pages)


def best_of(runs: int, func):
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def naive_pypdf(path: Path) -> int:
    reader = pypdf.PdfReader(path)
    return sum(len(page.extract_text() or "") for page in reader.pages)


def ocr_run(pages: int, workers: int) -> tuple[float, float, float]:
    """Wall seconds, tesseract CPU seconds and this process's CPU seconds (rendering the pages
    and writing the images) to OCR the first `pages` scanned pages."""
    pdf = pdfium.PdfDocument(str(corpus_file(
        "2017-integreringskonferansen-rapport-parallellsesjoner-skannet.pdf"
    )))  # fmt: skip
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        own_before = time.process_time()
        start = time.perf_counter()
        ocr_pdf_pages(pdf, range(pages), workers=workers)
        wall = time.perf_counter() - start
        own = time.process_time() - own_before
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, own
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs and OCR pages (< 30 s)")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    ocr_pages = 2 if args.quick else 4
    cores = available_workers()
    print(f"nproc={os.cpu_count()} usable={cores} load={os.getloadavg()[0]:.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / "rapport-30-sider.pdf"
        pages = make_text_pdf(pdf_path)
        tracemalloc.start()
        seconds, report = best_of(runs, lambda: parse_document(pdf_path))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        naive_seconds, _ = best_of(runs, lambda: naive_pypdf(pdf_path))
        print(
            f"text PDF: {pages} pages read+structured in {seconds:.2f} s "
            f"({pages / seconds:.0f} pages/s, {len(report.inputs)} inputs, "
            f"{len(report.sessions)} sessions), python peak {peak / 2**20:.1f} MiB"
        )
        print(f"  naive pypdf text extraction alone: {naive_seconds:.2f} s "
              f"({naive_seconds / seconds:.1f}x the full pipeline)")  # fmt: skip
        print(f"  target < 2 s: {'OK' if seconds < 2 else 'MISSED'}")

    seq_pages = 1 if args.quick else ocr_pages
    sequential, seq_cpu, _ = ocr_run(seq_pages, 1)
    parallel, par_cpu, own_cpu = ocr_run(ocr_pages, cores)
    seq_per_page = sequential / seq_pages
    print(
        f"OCR at 300 dpi: sequential {seq_pages} page(s) {sequential:.1f} s "
        f"({seq_per_page:.2f} s/page), parallel x{cores} {ocr_pages} pages {parallel:.1f} s "
        f"({ocr_pages / parallel:.2f} pages/s, {parallel / ocr_pages:.2f} s/page), "
        f"speed-up {seq_per_page / (parallel / ocr_pages):.2f}x"
    )
    cpu_per_page = par_cpu / ocr_pages
    print(
        f"  tesseract CPU seconds per page per core: {cpu_per_page:.2f} "
        f"(sequential run {seq_cpu / seq_pages:.2f}); target < 2: "
        f"{'OK' if cpu_per_page < 2 else 'MISSED'}; wall time is inflated when the cores "
        f"are shared (load {os.getloadavg()[0]:.1f})"
    )
    print(
        f"  rendering and writing the page images in this process: "
        f"{own_cpu / ocr_pages:.2f} CPU s per page (whole pipeline "
        f"{(par_cpu + own_cpu) / ocr_pages:.2f})"
    )
    rss = psutil.Process().memory_info().rss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"memory: process RSS {rss / 2**20:.0f} MiB, largest tesseract {children / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
