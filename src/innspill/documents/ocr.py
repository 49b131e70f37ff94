"""OCR of scanned pages with the `tesseract` binary, pages in parallel.

Each page is cleaned before recognition: turned straight (scanners tilt pages by a degree or
two), smoothed and reduced to black and white (Otsu's threshold), which removes the grain and
specks of a scan and makes Tesseract both more accurate and faster. Tesseract's own page
segmentation splits a numbered list's numbers into a column of their own and loses most of
them, so a page is read as a single column of lines; a page set in two columns is cut at its
gutter and each column read on its own. Tesseract's word boxes (TSV) give each line's
position, from which paragraph gaps are marked as in a text layer (`layout.paragraph_gaps`).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from innspill.documents.errors import DocumentError
from innspill.documents.layout import PARAGRAPH_MARK, paragraph_gaps

OCR_DPI = 300
PAGE_TIMEOUT_S = 300
# Skew is searched within ±MAX_SKEW degrees in SKEW_STEP steps on a quarter-size copy; a
# scanner that turns a page further is broken, and a quarter step is below what bends lines.
MAX_SKEW = 3.0
SKEW_STEP = 0.25


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


def _tesseract(image: Path, *, lang: str, psm: int, tsv: bool) -> str:
    # one thread per tesseract process: the pool gives the parallelism, and OpenMP threads
    # competing for the same cores make tesseract several times slower
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = ["tesseract", str(image), "stdout", "-l", lang, "--psm", str(psm)]
    try:
        done = subprocess.run(
            command + (["tsv"] if tsv else []),
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


# Page cleaning ------------------------------------------------------------------------------


def otsu_threshold(pixels: np.ndarray) -> int:
    """The grey level that best splits the histogram of 8-bit `pixels` into ink and paper."""
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    weight = np.cumsum(histogram)
    mass = np.cumsum(histogram * np.arange(256))
    total, total_mass = weight[-1], mass[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * weight / total - mass) ** 2 / (weight * (total - weight))
    between[~np.isfinite(between)] = 0.0
    return int(np.argmax(between))


def skew_angle(ink: np.ndarray) -> float:
    """Degrees to turn a page (counter-clockwise) so its lines run level.

    `ink` is a (small) boolean image. Level lines make the row sums of ink most uneven
    (full rows of text, empty rows between), so the angle with the largest variance of row
    sums wins.
    """
    from PIL import Image

    if not ink.any():
        return 0.0
    picture = Image.fromarray(ink.astype(np.uint8) * 255)
    best, best_score = 0.0, -1.0
    steps = int(round(MAX_SKEW / SKEW_STEP))
    for step in range(-steps, steps + 1):
        angle = step * SKEW_STEP
        turned = picture.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        rows = np.asarray(turned, dtype=np.float64).sum(axis=1)
        score = float(rows.var())
        # ties (a page of one short line) keep the smallest turn
        if score > best_score * (1 + 1e-9) or (score >= best_score and abs(angle) < abs(best)):
            best, best_score = angle, score
    return best


def clean_page(grey: np.ndarray, dpi: int = OCR_DPI) -> np.ndarray:
    """Black-and-white page (True = ink), turned straight, without the scan's grain."""
    from PIL import Image, ImageFilter

    picture = Image.fromarray(grey)
    small = picture.reduce(4)
    small_pixels = np.asarray(small)
    angle = skew_angle(small_pixels <= otsu_threshold(small_pixels))
    if abs(angle) >= SKEW_STEP:
        # bilinear is enough before the blur, and twice as fast as bicubic
        picture = picture.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    # a blur of a pixel's width (a quarter of a point at 300 dpi) dissolves grain and specks
    smooth = np.asarray(picture.filter(ImageFilter.GaussianBlur(dpi / 300)))
    # every other pixel of every other row gives the same histogram at a quarter of the cost
    return smooth <= otsu_threshold(smooth[::2, ::2])


def column_regions(ink: np.ndarray, dpi: int = OCR_DPI) -> list[tuple[int, int, int, int]]:
    """Regions of a page to read one after the other: (left, top, right, bottom).

    A page set in two columns has a white gutter in its middle half with text on both sides;
    it is read as bands: a line across the gutter (a running header, a title over both
    columns) on its own, and between such lines the left column, then the right. A page
    without a gutter is one region.
    """
    height, width = ink.shape
    whole = [(0, 0, width, height)]
    text_rows = int(np.count_nonzero(ink.any(axis=1)))
    if text_rows == 0:
        return whole
    profile = np.count_nonzero(ink, axis=0)
    # the gutter may be crossed by a header line or two (a line of small type leaves up to an
    # eighth of an inch of ink in a column), or touched by a long word
    tolerance = max(dpi // 8, text_rows // 40)
    low, high = width // 4, 3 * width // 4
    white = np.append(profile[low:high] <= tolerance, False)
    best = (0, 0)
    start = None
    for x, is_white in enumerate(white):
        if is_white and start is None:
            start = x
        elif not is_white and start is not None:
            best = max(best, (start, x), key=lambda run: run[1] - run[0])
            start = None
    if best[1] - best[0] < dpi // 10:  # narrower than a quarter of a centimetre
        return whole
    g0, g1 = low + best[0], low + best[1]
    left_ink, right_ink = int(profile[:g0].sum()), int(profile[g1:].sum())
    if min(left_ink, right_ink) < 0.15 * (left_ink + right_ink):
        return whole  # short lines on the left of an otherwise empty page: one column
    if min(_line_count(ink[:, :g0]), _line_count(ink[:, g1:])) < 3:
        return whole  # white between the letters of a title in large type, not a gutter
    quarter = (g1 - g0) // 4
    # an accent or the dot of an i stands a few rows above its line: no line of its own
    through = _line_count(ink[:, g0 + quarter : g1 - quarter], join=dpi // 50)
    if through > 0.25 * _line_count(ink):
        return whole  # lines run through the white: word spaces of one column that line up
    gutter = ink[:, g0:g1]
    middle = (g0 + g1) // 2
    # plain lists: the walk below reads them row by row
    rows: list[bool] = (np.count_nonzero(ink, axis=1) > 0).tolist()
    _close_small_gaps(rows, dpi // 50)
    crossing: list[bool] = (np.count_nonzero(gutter, axis=1) > 0).tolist()
    regions: list[tuple[int, int, int, int]] = []
    column_top = 0
    y = 0
    while y < height:
        if not crossing[y]:
            y += 1
            continue
        # the stretch of rows between white across the whole page that holds this crossing
        top, bottom = y, y + 1
        while top > 0 and rows[top - 1]:
            top -= 1
        while bottom < height and rows[bottom]:
            bottom += 1
        inside = gutter[top:bottom]
        tall = int(np.count_nonzero(np.count_nonzero(inside, axis=1)))
        # a line across the gutter fills most of it and is the only thing on its rows; a long
        # word of one column running into the other, or a speck, is not
        across = np.count_nonzero(np.count_nonzero(inside, axis=0)) >= 0.5 * (g1 - g0)
        if across and tall >= dpi // 15 and bottom - top <= 2 * tall:
            if top > column_top:
                regions += [(0, column_top, middle, top), (middle, column_top, width, top)]
            regions.append((0, top, width, bottom))
            column_top = bottom
        y = bottom
    regions += [(0, column_top, middle, height), (middle, column_top, width, height)]
    return [r for r in regions if r[3] > r[1] and ink[r[1] : r[3], r[0] : r[2]].any()]


def _close_small_gaps(rows: list[bool], join: int) -> None:
    """Mark as ink the white runs of at most `join` rows between rows of ink (accents)."""
    last_ink = None
    for y, has_ink in enumerate(rows):
        if not has_ink:
            continue
        if last_ink is not None and 1 < y - last_ink <= join + 1:
            rows[last_ink + 1 : y] = [True] * (y - last_ink - 1)
        last_ink = y


def _line_count(ink: np.ndarray, join: int = 0) -> int:
    """How many runs of rows with ink (lines, roughly) a part of a page holds; runs at most
    `join` white rows apart count as one."""
    ink_rows = np.flatnonzero(np.count_nonzero(ink, axis=1))
    if ink_rows.size == 0:
        return 0
    return 1 + int(np.count_nonzero(np.diff(ink_rows) > join + 1))


# Tesseract's TSV ------------------------------------------------------------------------------

# What Tesseract reads for a round list bullet standing alone before a line's first word
_BULLET_LOOKALIKES = frozenset("*+•·«»°©®¢■▪●◦")
# What a speck at the start of a line is read as
_SPECKS = frozenset({",", ".", "'", "`", "‘", "’"})
# «mange! på», «rege!-»: an l read as «!» inside a word or before a word in lower case; an
# exclamation mark ends a sentence, so the next word would be capitalised
_EXCLAIMED_L_RE = re.compile(r"(?<=[a-zæøå])!(?=[a-zæøå]|-$|\s+[a-zæøå])")
_NUMBER_AND_I_RE = re.compile(r"^(\d{1,2})\.[1l|]$")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d\b")


def tidy_line(words: list[str]) -> str:
    """A recognised line's words joined, with some misreadings of Tesseract's put right."""
    if not words:
        return ""
    if len(words) > 1 and words[0] in _SPECKS:
        words = words[1:]  # no printed line opens with a comma: a speck read as one
    if len(words) > 1 and len(words[0]) <= 2 and set(words[0]) <= _BULLET_LOOKALIKES:
        words = ["•", *words[1:]]  # «*», «»», «*+»
    # «| 2014 gjennomførte», «• | følge»: a capital I opening the line or its item
    first = 1 if words[0] in ("•", "-", "–") else 0
    if len(words) > first + 1 and words[first] == "|":
        words = [*words[:first], "I", *words[first + 1 :]]
    # «1.1 2015 ble», «3.1 følge»: an item number run together with the I after it (a section
    # number «1.1» is followed by a capitalised title, never by a year or a word in lower case)
    numbered = _NUMBER_AND_I_RE.match(words[0])
    if numbered and len(words) > 1 and (_YEAR_RE.match(words[1]) or words[1][:1].islower()):
        words = [f"{numbered.group(1)}.", "I", *words[1:]]
    return _EXCLAIMED_L_RE.sub("l", " ".join(words))


def lines_from_tsv(tsv: str) -> list[tuple[str, int, int]]:
    """The recognised lines of a TSV answer top to bottom: (text, top, bottom) in pixels.

    The answer is for one column, so lines that share their height on the page are one line:
    Tesseract splits a line of large type at its wide word spaces («Rapport» | «fra
    konferansen») into lines it lists apart.
    """
    found: dict[tuple[str, str, str], list[Any]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        key = (cells[2], cells[3], cells[4])
        left, top, height = int(cells[6]), int(cells[7]), int(cells[9])
        if key not in found:
            found[key] = [[], top, top + height]
        entry = found[key]
        entry[0].append((left, text))
        entry[1] = min(entry[1], top)
        entry[2] = max(entry[2], top + height)
    lines: list[list[Any]] = []
    for words, top, bottom in sorted(found.values(), key=lambda entry: entry[1]):
        if lines:
            last = lines[-1]
            shared = min(bottom, last[2]) - max(top, last[1])
            if shared >= 0.5 * min(bottom - top, last[2] - last[1]):
                last[0] += words
                last[1], last[2] = min(top, last[1]), max(bottom, last[2])
                continue
        lines.append([list(words), top, bottom])
    return [
        (tidy_line([text for _, text in sorted(words)]), top, bottom)
        for words, top, bottom in lines
    ]


def page_text(lines: list[tuple[str, int, int]]) -> str:
    """Lines joined, each line after a paragraph gap marked with PARAGRAPH_MARK."""
    # y grows downwards in an image and upwards on a PDF page, which paragraph_gaps expects
    gaps = paragraph_gaps([(-bottom, -top) for _, top, bottom in lines])
    return "\n".join(
        f"{PARAGRAPH_MARK if number in gaps else ''}{text}"
        for number, (text, _, _) in enumerate(lines)
    )


def ocr_page(page: Path, *, lang: str = "nor", dpi: int = OCR_DPI) -> str:
    """Text of one page image rendered at `dpi`; its regions are written beside it."""
    from PIL import Image

    with Image.open(page) as picture:
        ink = clean_page(np.asarray(picture.convert("L")), dpi)
    lines: list[tuple[str, int, int]] = []
    for number, (left, top, right, bottom) in enumerate(column_regions(ink, dpi)):
        image = page.with_name(f"{page.stem}-{number}.bmp")
        Image.fromarray(~ink[top:bottom, left:right]).save(image, dpi=(dpi, dpi))
        found = lines_from_tsv(_tesseract(image, lang=lang, psm=4, tsv=True))
        lines += [(text, a + top, b + top) for text, a, b in found]
        image.unlink()
    return page_text(lines)


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
    to a pool that cleans each page and runs tesseract on it, so rendering overlaps
    recognition.
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
            # Pages wait on disk, not in memory, while the pool catches up. Uncompressed BMP:
            # PNG's deflate cost ~0.3 CPU s per 300-dpi page here, in the one thread that feeds
            # every worker; tesseract reads both equally fast, same text.
            image = Path(tmp) / f"page-{index + 1:04d}.bmp"
            page = pdf[index]  # type: ignore[index]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            bitmap.to_pil().save(image)
            del bitmap
            future = pool.submit(ocr_page, image, lang=lang, dpi=dpi)
            futures[future] = index
            if on_page_done is not None:
                future.add_done_callback(functools.partial(_report_done, on_page_done, index))
        for future, index in futures.items():
            results[index] = future.result()
    return results
