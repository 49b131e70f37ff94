"""Serialising archive results: one row shape for CSV, JSON exports and the API."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.urls import reverse

from innspill.inputs.models import Input

CSV_COLUMNS = [
    "id",
    "year",
    "text",
    "theme",
    "themes",
    "kind",
    "actors",
    "session_number",
    "session_title",
    "session_leader",
    "group",
    "organisation_type",
    "region",
    "url",
]


def input_as_dict(item: Input, *, base_url: str = "") -> dict[str, Any]:
    """The public shape of one input (no personal data exists to leak)."""
    theme = item.theme.key if item.theme else None
    secondary = [t.key for t in item.themes.all()]
    session = None
    if item.session_id:
        s = item.session
        session = {
            "id": s.pk,
            "number": s.number,
            "title": s.title,
            "leader": s.leader_name,
            "leader_role": s.leader_role,
            "conference": item.conference.title if item.conference else None,
        }
    return {
        "id": item.pk,
        "year": item.year,
        "text": item.text,
        "theme": theme,
        "themes": ([theme] if theme else []) + [k for k in secondary if k != theme],
        "kind": item.kind.key if item.kind else None,
        "actors": [a.key for a in item.actors.all()],
        "session": session,
        "group": item.group_heading or None,
        "organisation_type": item.organisation_type or None,
        "region": item.region or None,
        "url": base_url + reverse("archive:input-detail", args=[item.pk]),
    }


def table_rows(items: Iterable[Input], *, base_url: str = "") -> Iterator[list[Any]]:
    """The header, then one spreadsheet row per input (CSV and XLSX alike)."""
    yield CSV_COLUMNS
    for item in items:
        d = input_as_dict(item, base_url=base_url)
        s = d["session"] or {}
        yield [
            d["id"],
            d["year"],
            d["text"],
            d["theme"] or "",
            " ".join(d["themes"]),
            d["kind"] or "",
            " ".join(d["actors"]),
            s.get("number") or "",
            s.get("title") or "",
            s.get("leader") or "",
            d["group"] or "",
            d["organisation_type"] or "",
            d["region"] or "",
            d["url"],
        ]


def json_array(items: Iterable[Input], *, base_url: str = "", batch: int = 200) -> Iterator[str]:
    """A JSON array of `input_as_dict` objects in chunks, for a streaming response.

    Memory stays at one batch however many inputs there are; the whole is one valid array.
    """
    yield "["
    chunk: list[str] = []
    first = True
    for item in items:
        chunk.append(json.dumps(input_as_dict(item, base_url=base_url), ensure_ascii=False))
        if len(chunk) == batch:
            yield ("\n" if first else ",\n") + ",\n".join(chunk)
            first, chunk = False, []
    if chunk:
        yield ("\n" if first else ",\n") + ",\n".join(chunk)
    yield "\n]\n"
