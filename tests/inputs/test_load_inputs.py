import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from innspill.conferences.models import Session
from innspill.cycles.models import Cycle
from innspill.inputs.models import Input
from innspill.inputs.services import LoadError, inputs_load

CSV = """year,conference,session,text,organisation_type,region,kind,theme,group
2016,Dialogkonferansen 2016,Arbeid,Arbeidsgivere bør bruke anonyme søknader.,innvandrerorganisasjon,oslo,tiltak,diskriminering,Tiltak
2016,Dialogkonferansen 2016,Arbeid,,kommune,oslo,,,
2016,Dialogkonferansen 2016,Bolig,Flere bør få startlån fra leie til eie.,,,,bolig,
tjue,Dialogkonferansen 2016,Bolig,Et innspill med feil år.,,,,,
2016,Dialogkonferansen 2016,Bolig,Et innspill med ukjent tema.,,,,ukjent_tema,
2016,Dialogkonferansen 2016,Bolig,Et innspill med ukjent region.,,atlantis,,,
"""


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "innspill.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_load_keeps_good_rows_and_reports_bad_lines(vocabulary, csv_file):
    result = inputs_load(path=csv_file, classify=False)
    assert (result.rows, result.created, result.unchanged) == (6, 2, 0)
    assert [line for line, _ in result.rejected] == [3, 5, 6, 7]
    assert "text" in result.rejected[0][1]
    assert "year" in result.rejected[1][1]
    assert "ukjent_tema" in result.rejected[2][1]
    assert "atlantis" in result.rejected[3][1]
    assert Cycle.objects.get().year == 2016
    assert sorted(Session.objects.values_list("title", flat=True)) == ["Arbeid", "Bolig"]
    first = Input.objects.get(text__startswith="Arbeidsgivere")
    assert (first.theme.key, first.kind.key, first.group_heading, first.region) == (
        "diskriminering",
        "tiltak",
        "Tiltak",
        "oslo",
    )


def test_load_same_file_twice_creates_nothing_new(vocabulary, csv_file):
    inputs_load(path=csv_file, classify=False)
    again = inputs_load(path=csv_file, classify=False)
    assert (again.created, again.unchanged) == (0, 2)
    assert Input.objects.count() == 2


def test_load_jsonl_with_a_broken_line(vocabulary, tmp_path):
    path = tmp_path / "innspill.jsonl"
    rows = [
        json.dumps(
            {
                "year": 2019,
                "conference": "K",
                "session": "S",
                "text": "Tolk må brukes i helsetjenesten.",
            }
        ),
        "{ikke json",
        json.dumps(["en", "liste"]),
        json.dumps(
            {
                "year": 2019,
                "conference": "K",
                "session": "S",
                "text": "Flere møteplasser i nærmiljøet.",
            }
        ),
    ]
    path.write_text("\n".join(rows), encoding="utf-8")
    result = inputs_load(path=path, classify=False)
    assert result.created == 2
    assert [line for line, _ in result.rejected] == [2, 3]


def test_load_missing_columns_is_one_clear_error(vocabulary, tmp_path):
    path = tmp_path / "feil.csv"
    path.write_text("aar,tekst\n2019,hei\n", encoding="utf-8")
    with pytest.raises(LoadError, match="Mangler kolonne"):
        inputs_load(path=path)


def test_load_command_empty_file_fails_cleanly(vocabulary, tmp_path):
    path = tmp_path / "tom.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="tom"):
        call_command("load_inputs", str(path))


def test_load_command_prints_json_summary(vocabulary, csv_file, capsys):
    call_command("load_inputs", str(csv_file), "--json", "--no-classify")
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 2 and len(out["rejected"]) == 4


def test_fingerprint_is_unique_in_the_database(make_input):
    item = make_input("Et innspill.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Input.objects.create(
            text="x", cycle=item.cycle, year=item.year, origin="load", fingerprint=item.fingerprint
        )


def test_empty_text_is_rejected_by_the_database(make_input):
    item = make_input("Et innspill.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Input.objects.create(
            text="", cycle=item.cycle, year=item.year, origin="load", fingerprint="f" * 64
        )
