"""A report document as plain JSON-ready dicts and back (drafts are stored this way)."""

from __future__ import annotations

import math
from typing import Any

from innspill.documents.render.model import (
    Block,
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
)

FORMAT_VERSION = 1


def document_to_dict(doc: ReportDocument) -> dict[str, Any]:
    """Plain dicts, lists and strings only; `document_from_dict` reverses it exactly."""
    return {
        "version": FORMAT_VERSION,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "language": doc.language,
        "metadata": dict(doc.metadata),
        "sections": [
            {
                "heading": section.heading,
                "level": section.level,
                "page_break_before": section.page_break_before,
                "blocks": [_block_to_dict(block) for block in section.blocks],
            }
            for section in doc.sections
        ],
    }


def document_from_dict(data: dict[str, Any]) -> ReportDocument:
    """Rebuild a document; unknown block types or versions are a ValueError, not a guess."""
    if data.get("version") != FORMAT_VERSION:
        raise ValueError(f"unsupported report document version: {data.get('version')!r}")
    return ReportDocument(
        title=data["title"],
        subtitle=data.get("subtitle", ""),
        language=data.get("language", "nb"),
        metadata=dict(data.get("metadata", {})),
        sections=[
            Section(
                heading=section["heading"],
                level=section["level"],
                page_break_before=section.get("page_break_before", False),
                blocks=[_block_from_dict(block) for block in section["blocks"]],
            )
            for section in data["sections"]
        ],
    )


def _spans_to_list(spans: list[Span]) -> list[dict[str, Any]]:
    out = []
    for span in spans:
        item: dict[str, Any] = {"text": span.text}
        if span.bold:
            item["bold"] = True
        if span.italic:
            item["italic"] = True
        if span.href:
            item["href"] = span.href
        out.append(item)
    return out


def _spans_from_list(items: list[dict[str, Any]]) -> list[Span]:
    return [
        Span(
            text=item["text"],
            bold=item.get("bold", False),
            italic=item.get("italic", False),
            href=item.get("href"),
        )
        for item in items
    ]


def _block_to_dict(block: Block) -> dict[str, Any]:
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "spans": _spans_to_list(block.spans)}
    if isinstance(block, BulletList):
        return {
            "type": "bullets",
            "heading": block.heading,
            "items": [_spans_to_list(item.spans) for item in block.items],
        }
    if isinstance(block, Table):
        return {
            "type": "table",
            "caption": block.caption,
            "header": list(block.header),
            "rows": [list(row) for row in block.rows],
            "row_header": block.row_header,
        }
    if isinstance(block, Chart):
        return {
            "type": "chart",
            "kind": block.kind,
            "title": block.title,
            "alt_text": block.alt_text,
            "categories": list(block.data.categories),
            "unit": block.data.unit,
            # NaN (no figure) is not JSON; PostgreSQL's jsonb refuses it
            "series": [
                {"name": s.name, "values": [None if math.isnan(v) else v for v in s.values]}
                for s in block.data.series
            ],
        }
    if isinstance(block, Quote):
        return {"type": "quote", "text": block.text, "attribution": block.attribution}
    if isinstance(block, PageBreak):
        return {"type": "page_break"}
    raise TypeError(f"unknown block: {block!r}")


def _block_from_dict(data: dict[str, Any]) -> Block:
    kind = data.get("type")
    if kind == "paragraph":
        return Paragraph(spans=_spans_from_list(data["spans"]))
    if kind == "bullets":
        return BulletList(
            items=[Paragraph(spans=_spans_from_list(item)) for item in data["items"]],
            heading=data.get("heading"),
        )
    if kind == "table":
        return Table(
            caption=data["caption"],
            header=list(data["header"]),
            rows=[list(row) for row in data["rows"]],
            row_header=data.get("row_header", 0),
        )
    if kind == "chart":
        series = [
            ChartSeries(name=s["name"], values=[math.nan if v is None else v for v in s["values"]])
            for s in data["series"]
        ]
        return Chart(
            kind=data["kind"],
            title=data["title"],
            data=ChartData(categories=list(data["categories"]), series=series, unit=data["unit"]),
            alt_text=data.get("alt_text", ""),
        )
    if kind == "quote":
        return Quote(text=data["text"], attribution=data.get("attribution"))
    if kind == "page_break":
        return PageBreak()
    raise ValueError(f"unknown block type: {kind!r}")


def spans_to_markup(spans: list[dict[str, Any]]) -> str:
    """The inverse of `parse_inline` for stored (serialised) spans, so staff edit what they see."""
    parts = []
    for span in spans:
        text = span["text"]
        if span.get("href"):
            text = f"[{text}]({span['href']})"
        if span.get("bold"):
            text = f"**{text}**"
        if span.get("italic"):
            text = f"*{text}*"
        parts.append(text)
    return "".join(parts)
