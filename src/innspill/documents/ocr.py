"""OCR of scanned pages with the `tesseract` binary, pages in parallel."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from innspill.documents.errors import DocumentError

OCR_DPI = 300
PAGE_TIMEOUT_S = 300


def available_workers() -> int:
    """Cores this process may use (respects CPU affinity, e.g. in containers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@functools.cache
def _languages() -> frozenset[str]:
    if shutil.which("tesseract") is None:
        raise DocumentError("OCR er ikke mulig: programmet tesseract er ikke installert")
    done = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False, timeout=30
    )
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def check_tesseract(lang: str = "nor") -> None:
    """Raise DocumentError unless tesseract and its `lang` data are installed."""
    if lang not in _languages():
        raise DocumentError(f"OCR er ikke mulig: tesseract mangler språkdata «{lang}»")


def ocr_image(image: Path, *, lang: str = "nor") -> str:
    """Text of one page image."""
    # one thread per tesseract process: the pool gives the parallelism, and OpenMP threads
    # competing for the same cores make tesseract several times slower
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", lang, "--psm", "3"],
            capture_output=True,
            env=env,
            check=False,
            timeout=PAGE_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(f"OCR av en side brukte mer enn {PAGE_TIMEOUT_S} s") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DocumentError(f"OCR feilet: {detail[-1] if detail else 'ukjent feil'}")
    return done.stdout.decode("utf-8", "replace")


def _report_done(callback: Callable[[int], None], index: int, _future: Future[str]) -> None:
    callback(index)


def ocr_pdf_pages(
    pdf: object,
    page_indexes: Iterable[int],
    *,
    lang: str = "nor",
    workers: int | None = None,
    dpi: int = OCR_DPI,
    on_page_done: Callable[[int], None] | None = None,
) -> dict[int, str]:
    """OCR the given 0-based pages of an open pypdfium2 document; returns index → text.

    `on_page_done(index)` is called from a worker thread as each page finishes.
    Pages are rendered one at a time in this thread (pdfium is not thread-safe) and handed
    to a pool of tesseract processes, so rendering overlaps recognition.
    """
    check_tesseract(lang)
    workers = workers or available_workers()
    results: dict[int, str] = {}
    with (
        tempfile.TemporaryDirectory(prefix="innspill-ocr-") as tmp,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        futures: dict[Future[str], int] = {}
        for index in page_indexes:
            # Uncompressed BMP: PNG's deflate cost ~0.3 CPU s per 300-dpi page here, in the one
            # thread that feeds every worker; tesseract reads both equally fast, same text.
            image = Path(tmp) / f"page-{index + 1:04d}.bmp"
            page = pdf[index]  # type: ignore[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            bitmap.to_pil().save(image)
            del bitmap
            future = pool.submit(ocr_image, image, lang=lang)
            futures[future] = index
            if on_page_done is not None:
                future.add_done_callback(functools.partial(_report_done, on_page_done, index))
        for future, index in futures.items():
            results[index] = future.result()
    return results
