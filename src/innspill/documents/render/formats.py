"""The output formats behind one interface: `render(doc) -> bytes`, plus what serving needs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from innspill.documents.render.html import render_html
from innspill.documents.render.model import ReportDocument
from innspill.documents.render.pdf import render_pdf


@dataclass(frozen=True)
class Renderer:
    """One output format: the function that makes it and how to serve or store the bytes."""

    name: str
    extension: str
    content_type: str
    render: Callable[[ReportDocument], bytes]


def _render_docx(doc: ReportDocument) -> bytes:
    # python-docx loads only when a DOCX is made, not with every view that imports this module
    from innspill.documents.render.docx import render_docx

    return render_docx(doc)


RENDERERS: dict[str, Renderer] = {
    "html": Renderer("html", "html", "text/html; charset=utf-8", render_html),
    "pdf": Renderer("pdf", "pdf", "application/pdf", render_pdf),
    "docx": Renderer(
        "docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _render_docx,
    ),
}


def render(doc: ReportDocument, *, output_format: str) -> bytes:
    """Render in one of RENDERERS' formats; an unknown format is a ValueError."""
    try:
        renderer = RENDERERS[output_format]
    except KeyError:
        raise ValueError(f"unknown report format: {output_format!r}") from None
    return renderer.render(doc)


def content_hash(data: bytes) -> str:
    """The hash stored with a published file; renders are byte-stable, so a rebuild matches."""
    return hashlib.sha256(data).hexdigest()
