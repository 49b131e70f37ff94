import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from innspill.common import clock
from innspill.followups.clusters import cluster_key, cluster_of
from innspill.followups.models import FollowUp
from innspill.followups.services import followups_import
from innspill.followups.spreadsheets import export_csv, export_xlsx, read_rows

HEADER = ["input", "cluster", "ministry", "status", "answer", "url", "date"]


def write_csv(path, rows, *, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(path, *extra):
    out = io.StringIO()
    call_command("followup_import", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def two_inputs(make_input):
    return make_input("Raskere godkjenning."), make_input("Flere lokaler.")


def test_good_and_bad_rows_valid_ones_saved_rejected_listed(tmp_path, two_inputs):
    first, second = two_inputs
    path = write_csv(
        tmp_path / "svar.csv",
        [
            [
                first.pk,
                "",
                "KD",
                "fulgt_opp",
                "Ny ordning fra 2019.",
                "https://kd.no/a",
                "2019-05-02",
            ],
            [second.pk, "", "XX", "mottatt", "", "", ""],
            [second.pk, "", "AID", "ferdig", "", "", ""],
            [second.pk, "", "AID", "ikke_fulgt_opp", "", "", ""],
            ["", "", "AID", "mottatt", "", "", ""],
            [999999, "", "AID", "mottatt", "", "", ""],
            [second.pk, "", "AID", "under_vurdering", "", "", "02.05.2019"],
            [second.pk, "", "AID", "mottatt", "", "", ""],
        ],
    )
    result = run(path)
    assert result["created"] == 2 and result["updated"] == 0 and result["unchanged"] == 0
    assert [r["line"] for r in result["rejected"]] == [3, 4, 5, 6, 7, 9]
    assert result["rejected"][0]["error"] == "Ukjent departement/etat «XX»."
    assert result["rejected"][2]["error"] == "Status «ikke_fulgt_opp» krever et offentlig svar."
    assert result["rejected"][5]["error"] == "Samme innspill og departement som linje 8."
    saved = FollowUp.objects.get(input=first)
    assert (saved.owner.short_name, saved.status, saved.answer, saved.url, saved.answered_on) == (
        "KD",
        "fulgt_opp",
        "Ny ordning fra 2019.",
        "https://kd.no/a",
        dt.date(2019, 5, 2),
    )
    assert FollowUp.objects.get(input=second).status == "under_vurdering"


def test_same_file_twice_changes_nothing(tmp_path, two_inputs):
    first, second = two_inputs
    path = write_csv(
        tmp_path / "svar.csv",
        [
            [first.pk, "", "kd", "Delvis fulgt opp", "Delvis.", "", ""],
            [second.pk, "", "AID", "under_vurdering", "", "", ""],
        ],
        delimiter=";",
    )
    assert run(path) == {"created": 2, "updated": 0, "unchanged": 0, "rejected": []}
    stored = list(FollowUp.objects.order_by("pk").values())
    assert run(path) == {"created": 0, "updated": 0, "unchanged": 2, "rejected": []}
    assert list(FollowUp.objects.order_by("pk").values()) == stored
    assert FollowUp.objects.get(input=first).answered_on == clock.today()


def test_dry_run_saves_nothing(tmp_path, two_inputs):
    path = write_csv(tmp_path / "svar.csv", [[two_inputs[0].pk, "", "KD", "mottatt", "", "", ""]])
    assert run(path, "--dry-run")["created"] == 1
    assert FollowUp.objects.count() == 0


def test_update_counts_and_cluster_rows(tmp_path, recurring):
    key = cluster_key(cluster_of(recurring[0].pk))
    path = write_csv(tmp_path / "a.csv", [["", key, "KD", "mottatt", "", "", ""]])
    assert run(path)["created"] == 1
    assert FollowUp.objects.filter(cluster_key=key).count() == 3
    path = write_csv(
        tmp_path / "b.csv",
        [["", key, "KD", "delvis_fulgt_opp", "Raskere NOKUT.", "", "2020-01-15"]],
    )
    assert run(path) == {"created": 0, "updated": 1, "unchanged": 0, "rejected": []}
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"delvis_fulgt_opp"}
    path = write_csv(tmp_path / "c.csv", [["", "g0", "KD", "mottatt", "", "", ""]])
    assert run(path)["rejected"] == [{"line": 2, "error": "Fant ingen gruppe med nøkkelen «g0»."}]


def test_xlsx_with_a_date_cell(tmp_path, two_inputs):
    book = Workbook()
    sheet = book.active
    sheet.append(["Input", "Ministry", "Status", "Answer", "URL", "Date", "Tekst"])
    sheet.append(
        [
            two_inputs[0].pk,
            "KD",
            "ikke_fulgt_opp",
            "Ikke prioritert.",
            None,
            dt.datetime(2021, 3, 4),
            "x",
        ]
    )
    path = tmp_path / "svar.xlsx"
    book.save(path)
    assert run(path)["created"] == 1
    assert FollowUp.objects.get().answered_on == dt.date(2021, 3, 4)


def test_a_file_without_the_columns_is_an_error(tmp_path, db):
    path = tmp_path / "feil.csv"
    path.write_text("id,svar\n1,ja\n", encoding="utf-8")
    with pytest.raises(CommandError, match="input\\|cluster, ministry, status"):
        call_command("followup_import", str(path), "--json")


def test_export_imports_back_unchanged_even_with_formula_like_answers(two_inputs, kd, secretariat):
    FollowUp.objects.create(
        input=two_inputs[0],
        owner=kd,
        status="fulgt_opp",
        answer="=SUM(A1) er ikke en formel",
        answered_on=dt.date(2020, 1, 1),
    )
    followups = list(
        FollowUp.objects.select_related("input", "owner", "input__theme", "input__session")
    )
    for name, data in (("x.csv", export_csv(followups)), ("x.xlsx", export_xlsx(followups))):
        rows = read_rows(name, data)
        assert rows[0][1]["answer"] == "=SUM(A1) er ikke en formel"
        result = followups_import(rows=rows, by=secretariat)
        assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 1, "rejected": []}
    assert b"'=SUM(A1)" in export_csv(followups)


def test_ministry_user_imports_only_its_own_assigned_rows(make_input, kd, aid, kd_user):
    mine, theirs, new = make_input("Mitt."), make_input("Deres."), make_input("Nytt.")
    FollowUp.objects.create(input=mine, owner=kd)
    FollowUp.objects.create(input=theirs, owner=aid)
    rows = [
        (2, {"input": mine.pk, "ministry": "KD", "status": "fulgt_opp", "answer": "Gjort."}),
        (3, {"input": theirs.pk, "ministry": "AID", "status": "fulgt_opp", "answer": "Gjort."}),
        (4, {"input": new.pk, "ministry": "KD", "status": "mottatt"}),
    ]
    result = followups_import(rows=rows, by=kd_user)
    assert result.as_dict() == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "rejected": [
            {"line": 3, "error": "Du kan ikke svare for AID."},
            {"line": 4, "error": f"Innspill {new.pk} er ikke tildelt KD."},
        ],
    }
    assert FollowUp.objects.get(input=theirs).status == "mottatt"
