"""Write a laid-out report as plain text, DOCX, text PDF (WeasyPrint) or a scan.

A scan is the text PDF rendered to grey images at 200 or 300 dpi, turned slightly (up to
±1.5°), given noise and specks, and stored as an image-only PDF, so the importer has to
take its OCR path.
"""

from __future__ import annotations

import html
import io
import random
from pathlib import Path

from benchmarks.variants.content import Truth
from benchmarks.variants.layout import Element, Layout

FORMATS = ("text", "docx", "pdf", "scan200", "scan300")
SUFFIX = {"text": ".txt", "docx": ".docx", "pdf": ".pdf", "scan200": ".pdf", "scan300": ".pdf"}
LINES_PER_PAGE = 46


def write(elements: list[Element], truth: Truth, layout: Layout, fmt: str, target: Path) -> Path:
    """Write the report as `fmt` into `target` (a file path without suffix); return the file."""
    path = target.with_suffix(SUFFIX[fmt])
    if fmt == "text":
        path.write_text(to_text(elements, truth, layout), "utf-8")
    elif fmt == "docx":
        path.write_bytes(to_docx(elements, truth, layout))
    elif fmt == "pdf":
        path.write_bytes(to_pdf(elements, truth, layout))
    else:
        dpi = int(fmt.removeprefix("scan"))
        path.write_bytes(to_scan(to_pdf(elements, truth, layout), dpi=dpi, seed=truth.seed))
    return path


# text --------------------------------------------------------------------------------------


def _cut(word: str, room: int) -> int | None:
    """Where to split `word` so the head and its hyphen fit in `room`: before a consonant
    followed by a vowel («migrasjons-helse»)."""
    vowels = "aeiouyæøå"
    for cut in range(min(room - 1, len(word) - 4), 3, -1):
        if word[cut] not in vowels and word[cut + 1] in vowels and word[:cut].isalpha():
            return cut
    return None


def wrap(text: str, width: int, *, hyphenate: bool) -> list[str]:
    """Greedy line filling; with `hyphenate`, a long word that does not fit is split."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 1
        cut = _cut(word, room) if hyphenate and line and len(word) >= 9 and room >= 5 else None
        if cut is not None:
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _element_lines(element: Element, layout: Layout, width: int) -> list[str]:
    def fill(text: str) -> list[str]:
        return wrap(text, width, hyphenate=layout.hyphenate) if width else [text]

    kind, text = element.kind, element.text
    if kind == "cover":
        return element.lines
    if kind in ("h1", "h2", "h3"):
        if layout.upper_headings and kind != "h3":
            text = text.upper()
        return fill(text)
    if kind == "li":
        marker = "•" if element.marker in ("list", "ol") else element.marker
        return fill(f"{marker} {text}")
    if kind == "quote":
        return fill(f"”{text}”")
    if element.lines:
        return element.lines
    return fill(text)


def _furniture(layout: Layout, truth: Truth, page: int, pages: int) -> tuple[list[str], list[str]]:
    if layout.furniture == "number":
        return [], [str(page)]
    if layout.furniture == "side_av":
        return [], [f"Side {page} av {pages}"]
    if layout.furniture == "header_number":
        return [f"{truth.name} {truth.year}"], [str(page)]
    return [], []


def to_text(elements: list[Element], truth: Truth, layout: Layout) -> str:
    """Plain text: one line per paragraph, or wrapped and paged as a PDF export gives it."""
    width = layout.wrap
    blocks: list[list[str]] = [[]]
    for element in elements:
        if element.kind == "break":
            if width:
                blocks.append([])
            continue
        lines = _element_lines(element, layout, width)
        blocks[-1] += ["", *lines] if blocks[-1] else lines
    if not width:
        return "\n".join(line for block in blocks for line in block) + "\n"
    per_page = LINES_PER_PAGE * (2 if layout.two_columns else 1)
    pages: list[list[str]] = []
    for block in blocks:
        for start in range(0, max(1, len(block)), per_page):
            pages.append(block[start : start + per_page])
    texts = []
    for number, lines in enumerate(pages, 1):
        head, foot = _furniture(layout, truth, number, len(pages))
        if number == 1:
            head, foot = [], []  # a first page carries no running header or number
        texts.append("\n".join([*head, *lines, *foot]))
    return "\n\f".join(texts) + "\n"


# PDF ---------------------------------------------------------------------------------------


def to_html(elements: list[Element], truth: Truth, layout: Layout) -> str:
    """The report as HTML for WeasyPrint, with the layout's page furniture and columns."""
    e = html.escape
    parts: list[str] = []
    open_list: str | None = None

    def close_list() -> None:
        nonlocal open_list
        if open_list:
            parts.append(f"</{open_list}>")
            open_list = None

    for element in elements:
        kind, text = element.kind, element.text
        if kind == "li" and element.marker in ("list", "numbered", "–"):
            tag = "ol" if element.marker == "numbered" else "ul"
            style = ' class="dash"' if element.marker == "–" else ""
            if open_list != tag:
                close_list()
                parts.append(f"<{tag}{style}>")
                open_list = tag
            parts.append(f"<li>{e(text)}</li>")
            continue
        close_list()
        if kind == "cover":
            lines = "".join(f"<p>{e(line)}</p>" for line in element.lines)
            parts.append(f'<section class="cover">{lines}</section>')
        elif kind == "break":
            # a page break closes one flow of columns and opens the next on a new page
            parts.append('</div><div class="flow">')
        elif kind in ("h1", "h2", "h3"):
            parts.append(f"<{kind}>{e(text)}</{kind}>")
        elif kind == "li":
            marker = "•" if element.marker == "e" else element.marker
            parts.append(f'<p class="li">{e(marker)} {e(text)}</p>')
        elif kind == "quote":
            parts.append(f"<blockquote>”{e(text)}”</blockquote>")
        elif element.lines:
            parts.append(f"<p>{'<br>'.join(e(line) for line in element.lines)}</p>")
        else:
            parts.append(f"<p>{e(text)}</p>")
    close_list()
    head = foot = ""
    if layout.furniture == "number":
        foot = "counter(page)"
    elif layout.furniture == "side_av":
        foot = '"Side " counter(page) " av " counter(pages)'
    elif layout.furniture == "header_number":
        head, foot = f'"{truth.name} {truth.year}"', "counter(page)"
    margin = ""
    if head:
        margin += f"@top-center {{ content: {head}; font-size: 9pt; }}"
    if foot:
        margin += f"@bottom-center {{ content: {foot}; font-size: 9pt; }}"
    first = " single" if elements and elements[0].kind == "cover" else ""  # a cover spans the page
    css = f"""
      @page {{ size: A4; margin: 2.2cm 2cm; {margin} }}
      @page :first {{ @top-center {{ content: none }} @bottom-center {{ content: none }} }}
      body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt; line-height: 1.35;
              {"hyphens: auto;" if layout.hyphenate else ""}
            }}
      .flow {{ {"columns: 2; column-gap: 1cm;" if layout.two_columns else ""} }}
      .flow + .flow {{ break-before: page; }}
      .flow.single {{ columns: auto; }}
      h1, h2 {{ {"text-transform: uppercase;" if layout.upper_headings else ""} }}
      h1 {{ font-size: 20pt; }} h2 {{ font-size: 15pt; }} h3 {{ font-size: 11.5pt; }}
      .cover {{ font-size: 24pt; padding-top: 8cm; }}
      .li {{ margin: 0.2em 0 0.2em 1.2em; text-indent: -1.2em; }}
      ul.dash {{ list-style-type: "– "; }}
      blockquote {{ font-style: italic; font-size: 13pt; margin: 1em 2em; }}
    """
    return (
        f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><style>{css}</style>'
        f'</head><body><div class="flow{first}">{"".join(parts)}</div></body></html>'
    )


def to_pdf(elements: list[Element], truth: Truth, layout: Layout) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(elements, truth, layout)).write_pdf()


def to_scan(pdf: bytes, *, dpi: int, seed: int) -> bytes:
    """An image-only PDF of the pages: grey, turned up to ±1.5°, with noise and specks."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(f"scan-{seed}-{dpi}")
    noise = np.random.default_rng(rng.randrange(2**32))
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            image = image.rotate(
                rng.uniform(-1.5, 1.5), resample=Image.Resampling.BICUBIC, fillcolor=255
            )
            pixels = np.asarray(image, dtype=np.float32)
            pixels += noise.normal(0, 12, pixels.shape)
            specks = noise.random(pixels.shape) < 0.0004
            pixels[specks] = 0
            images.append(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)))
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


# DOCX --------------------------------------------------------------------------------------


def to_docx(elements: list[Element], truth: Truth, layout: Layout) -> bytes:
    """A Word file: heading styles or bold paragraphs, real or typed bullets, furniture."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    if layout.two_columns:
        cols = section._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            section._sectPr.append(cols)
        cols.set(qn("w:num"), "2")
    if layout.furniture == "header_number":
        section.header.paragraphs[0].text = f"{truth.name} {truth.year}"
    if layout.furniture != "none":
        footer = section.footer.paragraphs[0]
        if layout.furniture == "side_av":
            footer.add_run("Side ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        footer._p.append(field)

    def heading(text: str, level: int) -> None:
        if layout.upper_headings and level < 3:
            text = text.upper()
        if layout.docx_headings == "styles":
            document.add_heading(text, level)
        else:
            run = document.add_paragraph().add_run(text)
            run.bold = True
            run.font.size = Pt(16 - 2 * level)

    for element in elements:
        kind, text = element.kind, element.text
        if kind == "cover":
            document.add_heading(element.lines[0], 0)
            for line in element.lines[1:]:
                document.add_paragraph(line)
        elif kind == "break":
            document.add_page_break()
        elif kind in ("h1", "h2", "h3"):
            heading(text, int(kind[1]))
        elif kind == "li" and element.marker in ("list", "numbered"):
            style = "List Number" if element.marker == "numbered" else "List Bullet"
            document.add_paragraph(text, style=style)
        elif kind == "li":
            marker = "•" if element.marker == "e" else element.marker
            document.add_paragraph(f"{marker} {text}")
        elif kind == "quote":
            document.add_paragraph().add_run(f"”{text}”").italic = True
        elif element.lines:
            paragraph = document.add_paragraph()
            for index, line in enumerate(element.lines):
                run = paragraph.add_run(line)
                if index < len(element.lines) - 1:
                    run.add_break()
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
