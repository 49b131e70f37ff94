"""Read PDF (text layer or scanned), DOCX, plain text and Markdown into page texts."""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innspill.documents.errors import DocumentError
from innspill.documents.layout import PARAGRAPH_MARK, paragraph_gaps

ProgressCallback = Callable[[int, int], None]

MB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}


@dataclass(frozen=True)
class Limits:
    """What the importer refuses to read."""

    max_bytes: int = 50 * MB
    max_pages: int = 500
    # A zip (DOCX) may unpack to this much in all, and no member beyond this ratio of its
    # packed size: Word's own XML packs 5–20 times; a zip bomb hundreds or thousands.
    max_unpacked_bytes: int = 25 * MB
    max_compression_ratio: int = 100
    # Text of the whole document after reading (about 1,500 printed pages).
    max_chars: int = 4_000_000


DEFAULT_LIMITS = Limits()


@dataclass
class RawDocument:
    """Text of a document, one string per page (a text or DOCX file is one page)."""

    pages: list[str]
    format: str
    source_name: str = ""
    paged: bool = False
    ocr_pages: list[int] = field(default_factory=list)


def read_document(
    path: str | Path,
    *,
    on_progress: ProgressCallback | None = None,
    limits: Limits = DEFAULT_LIMITS,
    ocr_workers: int | None = None,
) -> RawDocument:
    """Read any supported file; raise DocumentError with a one-line message when it cannot."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise DocumentError(f"Fant ikke filen: {name}") from exc
    except OSError as exc:
        raise DocumentError(f"Kan ikke lese filen {name}: {exc.strerror}") from exc
    if not path.is_file():
        raise DocumentError(f"Ikke en fil: {name}")
    if size == 0:
        raise DocumentError(f"Filen er tom: {name}")
    if size > limits.max_bytes:
        raise DocumentError(
            f"Filen er for stor: {size / MB:.1f} MB (grensen er {limits.max_bytes / MB:.0f} MB)"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise DocumentError(f"Kan ikke lese filen {name}: {exc.strerror}") from exc

    if head.startswith(b"%PDF"):
        doc = read_pdf(path, on_progress=on_progress, limits=limits, ocr_workers=ocr_workers)
    elif head.startswith(b"PK\x03\x04"):
        doc = read_docx(path, limits=limits)
    elif head.startswith(_OLE_MAGIC):
        raise DocumentError(
            f"{name} er kryptert eller i gammelt Word-format (.doc); lagre den som .docx eller PDF"
        )
    elif path.suffix.lower() in {".pdf", ".docx"}:
        # The name promises a binary format the content does not have: damaged or mislabelled.
        raise DocumentError(
            f"{name} er ikke en gyldig {path.suffix.lower()[1:].upper()}-fil (skadet eller feil filtype)"
        )
    else:
        doc = read_text(path)
    doc.source_name = name
    chars = sum(len(page) for page in doc.pages)
    if chars > limits.max_chars:
        raise DocumentError(
            f"{name} har for mye tekst: {chars:_} tegn (grensen er {limits.max_chars:_})".replace(
                "_", " "
            )
        )
    if not any(page.strip() for page in doc.pages):
        raise DocumentError(f"Dokumentet inneholder ingen tekst: {name}")
    if on_progress is not None and doc.format != "pdf":
        on_progress(1, 1)
    return doc


def read_text(path: Path) -> RawDocument:
    """Plain text or Markdown, UTF-8 (with or without BOM) or Windows-1252."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise DocumentError(f"{path.name} er ikke en tekstfil og har et ukjent format")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    if fmt == "text" and path.suffix.lower() not in _TEXT_SUFFIXES and _looks_binary(text):
        raise DocumentError(f"{path.name} har et ukjent format")
    # form feeds separate pages in text exported from PDF tools
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    return RawDocument(pages=pages, format=fmt, paged=len(pages) > 1)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control > len(sample) * 0.05


def _check_zip(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a zip bomb from its directory, before anything is unpacked."""
    total = 0
    for member in archive.infolist():
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > MB and member.file_size / packed > limits.max_compression_ratio:
            raise DocumentError(
                f"{name} pakkes ut til mye mer enn den fyller "
                f"({member.file_size / packed:.0f} ganger); den leses ikke"
            )
    if total > limits.max_unpacked_bytes:
        raise DocumentError(
            f"{name} er for stor utpakket: {total / MB:.0f} MB "
            f"(grensen er {limits.max_unpacked_bytes / MB:.0f} MB)"
        )


def read_docx(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """DOCX paragraphs in order; list paragraphs become «• » bullets, tables become lines."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            _check_zip(archive, path.name, limits)
            if archive.testzip() is not None:
                raise DocumentError(f"{path.name} er skadet (feil i zip-arkivet)")
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(f"{path.name} er ikke et Word-dokument (.docx)")
        document = docx.Document(str(path))
    except DocumentError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EOFError) as exc:
        raise DocumentError(f"{path.name} er avkortet eller skadet og kan ikke leses") from exc
    except Exception as exc:  # lxml and python-docx raise many types for broken XML
        raise DocumentError(f"{path.name} kan ikke leses: {type(exc).__name__}") from exc

    try:
        lines = _docx_lines(document)
    except Exception as exc:  # a damaged element deep in the body (a style without its name)
        raise DocumentError(f"{path.name} kan ikke leses: {type(exc).__name__}") from exc
    return RawDocument(pages=["\n\n".join(lines)], format="docx")


def _docx_lines(document: Any) -> list[str]:
    """The body's paragraphs as lines («• » for lists, «# » for headings), table rows joined by |."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    # Style names looked up once: python-docx's `paragraph.style` scans every style for the
    # default on each call, which made reading quadratic (100,000 paragraphs: 118 s).
    style_names = {style.style_id: style.name or "" for style in document.styles}
    default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default_style.name if default_style is not None else "") or ""
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            if not text:
                continue
            style = style_names.get(child.style, default_name) if child.style else default_name
            is_list = child.pPr is not None and child.pPr.numPr is not None
            if is_list or style.lower().startswith(("list", "liste")):
                lines.append(f"• {text}")
            elif style.lower().startswith(("heading", "overskrift", "title", "tittel")):
                lines.append(f"# {text}")  # Markdown mark: the layout step keeps it a heading
            else:
                lines.append(text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
                if cells:
                    lines.append(" | ".join(dict.fromkeys(cells)))
    return lines


_WORD = re.compile(r"[^\W\d_]{2,}")


def page_text_is_garbage(text: str) -> bool:
    """True when a text layer is missing or not real text (so the page needs OCR)."""
    stripped = "".join(text.split())
    if len(stripped) < 40:
        return True
    letters = sum(ch.isalpha() for ch in stripped)
    if letters < 0.6 * len(stripped):
        return True
    words = _WORD.findall(text)
    if not words:
        return True
    # broken font encodings give letter soup: long runs without vowels
    vowelless = sum(1 for w in words if not re.search(r"[aeiouyæøåéAEIOUYÆØÅ]", w))
    return vowelless > 0.3 * len(words)


def read_pdf(
    path: Path,
    *,
    on_progress: ProgressCallback | None = None,
    limits: Limits = DEFAULT_LIMITS,
    ocr_workers: int | None = None,
) -> RawDocument:
    """Text layer of each page; pages without a usable text layer go through OCR."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 2048))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise DocumentError(f"PDF-filen {path.name} er avkortet (mangler slutten av filen)")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(f"PDF-filen {path.name} er kryptert (passordbeskyttet)") from exc
        raise DocumentError(f"PDF-filen {path.name} er skadet og kan ikke leses") from exc
    try:
        total = len(pdf)
        if total == 0:
            raise DocumentError(f"PDF-filen {path.name} har ingen sider")
        if total > limits.max_pages:
            raise DocumentError(
                f"PDF-filen har for mange sider: {total} (grensen er {limits.max_pages})"
            )
        pages: list[str] = []
        scanned: list[int] = []
        for index in range(total):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise DocumentError(
                    f"PDF-filen {path.name} er skadet: side {index + 1} kan ikke leses"
                ) from exc
            textpage = page.get_textpage()
            text = text_layer(page, textpage)
            textpage.close()
            if page_text_is_garbage(text):
                has_image = any(
                    obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects()
                )
                if has_image:
                    scanned.append(index)
            page.close()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
        done = total - len(scanned)
        if on_progress is not None:
            on_progress(done, total)
        if scanned:
            from innspill.documents.ocr import ocr_pdf_pages

            lock = threading.Lock()
            counter = [done]

            def page_done(_index: int) -> None:
                with lock:
                    counter[0] += 1
                    if on_progress is not None:
                        on_progress(counter[0], total)

            texts = ocr_pdf_pages(pdf, scanned, workers=ocr_workers, on_page_done=page_done)
            for index, text in texts.items():
                pages[index] = text
    finally:
        pdf.close()
    return RawDocument(
        pages=pages, format="pdf", paged=True, ocr_pages=[index + 1 for index in scanned]
    )


_MARKER_GLYPHS = "•◦▪■●○‣⁃∙·\uf0b7\uf0a7-–"


def text_layer(page: Any, textpage: Any) -> str:
    """A page's text layer, with list bullets put back and each paragraph gap marked."""
    # pdfium gives U+FFFE (a noncharacter) for a hyphen it takes for a soft one, even inside a
    # name («Lie\ufffeJensen»); one character for one, so the offsets below still match
    text: str = textpage.get_text_range().replace("\ufffe", "-")
    if page_text_is_garbage(text) or textpage.count_chars() != len(text):
        return text  # OCR reads it, or offsets would not match characters: leave it as it is
    lines = text.split("\r\n")
    starts: list[int] = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 2
    bulleted, orphans = restore_list_markers(page, textpage, lines, starts)
    boxes = [
        None if number in orphans else _line_box(textpage, start, line)
        for number, (start, line) in enumerate(zip(starts, lines, strict=True))
    ]
    gaps = paragraph_gaps(boxes)
    result: list[str] = []
    for number, line in enumerate(lines):
        if number in orphans:
            continue
        mark = PARAGRAPH_MARK if number in gaps else ""
        result.append(f"{mark}• {line}" if number in bulleted else f"{mark}{line}")
    return "\r\n".join(result)


def _line_box(textpage: Any, start: int, line: str) -> tuple[float, float] | None:
    """Bottom and top of a line: the median font box of up to nine of its characters."""
    visible = [start + offset for offset, char in enumerate(line) if not char.isspace()]
    if not visible:
        return None
    # a few characters spread over the line are enough; asking for every one doubles the read
    step = max(1, len(visible) // 9)
    boxes = [textpage.get_charbox(index, loose=True) for index in visible[::step][:9]]
    bottoms = sorted(box[1] for box in boxes)
    tops = sorted(box[3] for box in boxes)
    return bottoms[len(bottoms) // 2], tops[len(tops) // 2]


def restore_list_markers(
    page: Any, textpage: Any, lines: list[str], starts: list[int]
) -> tuple[set[int], set[int]]:
    """Lines that get their list bullet back, and marker-only lines to drop.

    HTML-to-PDF tools draw list markers as small vector shapes (Chromium) or as glyphs
    written after the page's text (WeasyPrint), so the text layer alone loses the bullets.
    A line gets «• » when such a marker sits just left of its first character.
    """
    import pypdfium2.raw as pdfium_c

    markers: list[tuple[float, float, float]] = []  # right edge, bottom, top
    orphan_lines: set[int] = set()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped and all(ch in _MARKER_GLYPHS for ch in stripped.replace(" ", "")):
            left, bottom, right, top = textpage.get_charbox(
                starts[number] + line.index(stripped[0])
            )
            markers.append((right, bottom, top))
            orphan_lines.add(number)
    for obj in page.get_objects(max_depth=2):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if (
            1.5 <= width <= 8
            and 1.5 <= height <= 8
            and max(width, height) <= 2 * min(width, height)
        ):
            markers.append((right, bottom, top))
    if not markers:
        return set(), set()
    bulleted = {
        number
        for number, line in enumerate(lines)
        if number not in orphan_lines
        and line.strip()
        and bullet_marker_left_of(textpage, starts[number], markers)
    }
    return bulleted, orphan_lines


def bullet_marker_left_of(
    textpage: Any, index: int, markers: list[tuple[float, float, float]]
) -> bool:
    """True when a marker sits left of the character at `index`, on the same baseline band."""
    left, bottom, right, top = textpage.get_charbox(index)
    for marker_right, marker_bottom, marker_top in markers:
        middle = (marker_bottom + marker_top) / 2
        if 0 <= left - marker_right <= 30 and bottom - 3 <= middle <= top + 3:
            return True
    return False
