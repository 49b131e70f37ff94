"""Shared helpers for the render tests: small reports and readers for our own output."""

from __future__ import annotations

import io
import re

import pypdf
import pypdfium2 as pdfium

from innspill.documents.render import conference_report
from innspill.documents.render.builders import ConferenceReportData
from innspill.documents.render.model import ReportDocument
from innspill.documents.render.sample import conference_data


def small_conference() -> tuple[ConferenceReportData, ReportDocument]:
    """A conference with every part present, small enough to render in about a second."""
    data = conference_data(sessions=3, inputs_per_session=12, talks=2, questions=4, seed=7)
    return data, conference_report(data)


def squash(text: str) -> str:
    """Whitespace-insensitive form of text, so line wrapping does not matter."""
    return " ".join(text.split())


def pdf_pages(pdf: bytes) -> list[str]:
    """Text per page with pdfium (what the importer uses), line ends normalised."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


def struct_elements(pdf: bytes) -> list[dict]:
    """Every structure element of a tagged PDF, depth first, as plain dicts."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found: list[dict] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if node.get("/Type") == "/StructElem" or "/S" in node:
                found.append(dict(node))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/K"])
    return found


BULLET_ITEM = re.compile(r"•\s*(.*?)(?=•|\Z)", re.S)


def read_sessions(text: str) -> dict[str, list[str]]:
    """A deliberately naive reader: «Parallellsesjon N …» headings and the bullets under
    «Innspill fra deltakerne», as the importer sees them (groups and page footers dropped)."""
    text = re.sub(r"Side \d+ av \d+", "", text)
    sessions: dict[str, list[str]] = {}
    parts = re.split(r"\n(?=Parallellsesjon \d+ )", text)
    for part in parts[1:]:
        number = part.split()[1]
        head = "\n".join(part.splitlines()[:3])
        if re.search(r"\.{5,}", head) or "Innspill fra deltakerne".upper() not in part.upper():
            continue  # a table-of-contents line, or a session without inputs
        body = re.split("Innspill fra deltakerne", part, flags=re.I)[1]
        body = re.split(r"\n(?:Oppsummering fra sesjonene|Parallellsesjoner)\n", body)[0]
        items = [squash(item) for item in BULLET_ITEM.findall(body)]
        sessions.setdefault(number, []).extend(items)
    return sessions
