"""Every CSV and XLSX the site writes goes through here: the formula guard, the byte-order mark,
the separator, and the response that carries the file.

Spreadsheet programs treat a cell that begins with = + - @ (and, in some, a tab or carriage
return) as a formula, so a participant's name like `=HYPERLINK(...)` would run on a staff
member's machine. CSV cells get a leading apostrophe (the usual neutraliser); XLSX cells keep
their exact text but are stored as text, never as a formula.

Excel opens a CSV file by the system's code page unless the file starts with a byte-order mark
(æøå turn into Ã¦Ã¸Ã¥ without it), and splits columns on the system's list separator, which is
a semicolon on a Norwegian Windows. So every CSV starts with the mark; pages for people default
to semicolons, the API to commas (what programs expect) unless `sep=` asks otherwise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

SEMICOLON = ";"
COMMA = ","
UI_SEPARATOR = SEMICOLON  # Norwegian Excel's list separator
API_SEPARATOR = COMMA
# What `sep=` accepts: the character itself or its name (a bare ";" is awkward in a URL).
SEPARATORS = {
    ";": SEMICOLON,
    "semicolon": SEMICOLON,
    "semikolon": SEMICOLON,
    ",": COMMA,
    "comma": COMMA,
    "komma": COMMA,
    "\t": "\t",
    "tab": "\t",
}


class SeparatorError(ValueError):
    """`sep=` names no separator we write."""


def csv_separator(value: str | None, *, default: str) -> str:
    """The separator asked for by a `sep=` value, or `default` when none is given."""
    if value is None or value == "":
        return default
    try:
        return SEPARATORS[value.strip().lower() if value.strip() else value]
    except KeyError:
        raise SeparatorError(value) from None


def csv_safe(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    return [csv_safe(value) for value in row]


def csv_chunks(
    rows: Iterable[Iterable[Any]], *, sep: str, chunk_size: int = 64_000
) -> Iterator[str]:
    """Guarded CSV text in chunks, the byte-order mark first, for a streaming response."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=sep)
    for row in rows:
        writer.writerow(csv_safe_row(row))
        if buffer.tell() > chunk_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_text(rows: Iterable[Iterable[Any]], *, sep: str) -> str:
    return "".join(csv_chunks(rows, sep=sep))


def xlsx_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text, not as a formula."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # openpyxl takes text beginning with "=" for a formula
            cell.data_type = "s"


def xlsx_bytes(sheets: Sequence[tuple[str, Iterable[Iterable[Any]]]]) -> bytes:
    """A workbook of (title, rows) sheets, written row by row (memory stays flat for big exports)."""
    from openpyxl import Workbook  # loads only for an XLSX export, not with every process
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, rows in sheets:
        # Sheet titles are capped at 31 characters and may not hold []:*?/\
        sheet = book.create_sheet(title="".join(c for c in title if c not in "[]:*?/\\")[:31])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if cell.data_type == "f":
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_response(
    rows: Iterable[Iterable[Any]], *, filename: str, sep: str, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """An attachment `<filename>.csv`; `stream` for exports too big to hold in memory."""
    response: HttpResponse | StreamingHttpResponse
    if stream:
        response = StreamingHttpResponse(csv_chunks(rows, sep=sep), content_type=CSV_TYPE)
    else:
        response = HttpResponse(csv_text(rows, sep=sep), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    sheets: Sequence[tuple[str, Iterable[Iterable[Any]]]], *, filename: str
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
