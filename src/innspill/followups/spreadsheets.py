"""Follow-up spreadsheets both ways: an inbox export with ids, and reading one back for import."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from innspill.common.spreadsheet import FORMULA_STARTS, UI_SEPARATOR, csv_text, xlsx_bytes
from innspill.followups.models import FollowUp

# The contract's columns first (import reads these), then context to answer by (ignored on import).
COLUMNS = ["input", "cluster", "ministry", "status", "answer", "url", "date"]
CONTEXT_COLUMNS = ["year", "theme", "session", "due_date", "text"]


class SpreadsheetError(ValueError):
    """The file cannot be read as a follow-up sheet at all (no row is looked at)."""


def export_rows(followups: Iterable[FollowUp]) -> Iterator[list[Any]]:
    yield COLUMNS + CONTEXT_COLUMNS
    for f in followups:
        yield [
            f.input_id,
            f.cluster_key,
            f.owner.short_name,
            f.status,
            f.answer,
            f.url,
            f.answered_on.isoformat() if f.answered_on else "",
            f.input.year,
            f.input.theme.label if f.input.theme else "",
            f.input.session.title if f.input.session else "",
            f.due_date.isoformat() if f.due_date else "",
            f.input.text,
        ]


def export_csv(followups: Iterable[FollowUp], *, sep: str = UI_SEPARATOR) -> bytes:
    return csv_text(export_rows(followups), sep=sep).encode("utf-8")


def export_xlsx(followups: Iterable[FollowUp]) -> bytes:
    return xlsx_bytes([("Oppfølging", export_rows(followups))])


def _unguard(value: Any) -> Any:
    """Undo the CSV formula guard, so an exported sheet imports back to the same text."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def read_rows(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(line, column → value) for each non-empty data row; the header is line 1."""
    table = _xlsx_table(data) if filename.lower().endswith(".xlsx") else _csv_table(data)
    if not table:
        raise SpreadsheetError(_("Filen er tom."))
    header = [str(h or "").strip().lower() for h in table[0]]
    missing = [c for c in ("ministry", "status") if c not in header]
    if "input" not in header and "cluster" not in header:
        missing.insert(0, "input|cluster")
    if missing:
        raise SpreadsheetError(
            _("Filen mangler kolonnene: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append(
            (
                number,
                {name: values[i] if i < len(values) else None for i, name in enumerate(header)},
            )
        )
    return rows


def _csv_table(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's own CSV on Norwegian Windows
    # The header decides the delimiter: Excel in Norwegian saves with semicolons.
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [[_unguard(v) for v in row] for row in reader]


def _xlsx_table(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not XLSX
        raise SpreadsheetError(_("Filen kan ikke leses som XLSX.")) from exc
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
