"""One guard for every CSV and XLSX the site writes: a cell is never run as a formula.

Spreadsheet programs treat a cell that begins with = + - @ (and, in some, a tab or carriage
return) as a formula, so a participant's name like `=HYPERLINK(...)` would run on a staff
member's machine. CSV cells get a leading apostrophe (the usual neutraliser); XLSX cells keep
their exact text but are stored as text, never as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(row: Iterable[Any]) -> list[Any]:
    return [csv_safe(value) for value in row]


def xlsx_append(sheet: Any, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet with every text cell stored as text, not as a formula."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # openpyxl takes text beginning with "=" for a formula
            cell.data_type = "s"
