"""`import_report` prints what it read with its confidences, and takes the year and kind as given."""

import json

import pytest
from django.core.management import CommandError, call_command

from innspill.inputs.models import SourceDocument

REPORT = "\n\n".join(
    [
        "Innledning",
        "Den nasjonale inkluderingskonferansen ble arrangert på Scandic Lerkendal i Trondheim "
        "4. oktober 2023 med 190 deltakere. Siden 2015 har regjeringen samlet organisasjonene.",
        "Oppfordringer og tips",
        "Arbeid",
        "• Flere traineeplasser i staten.",
        "Sesjon 1: Arbeid og kvalifisering",
        "Ledet av arbeids- og inkluderingsminister",
        "Marte Mjøs Persen",
        "Innspill fra deltakerne",
        "• Kortere ventetid på norskkurs.",
        "• Lønnstilskudd som varer lenger.",
    ]
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "konferanse.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_dry_run_json_carries_the_contract_fields(capsys, report_file):
    call_command("import_report", str(report_file), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["year"], data["year_confidence"]) == (
        "conference_report",
        2023,
        0.85,
    )
    assert data["year_candidates"] == [{"year": 2023, "source": "date", "text": "2023"}]
    assert data["facts"]["venue"] == "Scandic Lerkendal i Trondheim"
    assert data["facts"]["date"] == "4. oktober 2023"
    assert data["facts"]["participants"] == 190
    assert [(s["leader"], s["leader_role"], s["confidence"]) for s in data["sessions"]] == [
        ("Marte Mjøs Persen", "arbeids- og inkluderingsminister", 1.0)
    ]
    assert data["tips"] == [{"topic": "Arbeid", "items": ["Flere traineeplasser i staten."]}]
    assert {"summaries", "evaluation", "confidence", "kind_confidence"} <= set(data)


def test_type_and_year_override_what_is_read(capsys, report_file):
    call_command(
        "import_report",
        str(report_file),
        "--dry-run",
        "--json",
        "--type",
        "other",
        "--year",
        "2022",
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["kind"], data["kind_confidence"], data["sessions"]) == ("other", 1.0, [])
    assert (data["year"], data["year_confidence"]) == (2022, 1.0)


def test_unknown_type_is_refused(report_file):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_report", str(report_file), "--type", "roman")


def test_import_json_carries_the_structure_and_what_was_saved(vocabulary, capsys, report_file):
    call_command("import_report", str(report_file), "--json", "--year", "2024")
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["year"], data["kind"]) == ("created", 2024, "conference_report")
    assert data["saved"] == {"inputs": 3, "sessions": 1, "summaries": 0}
    assert data["sessions"][0]["leader"] == "Marte Mjøs Persen"
    assert SourceDocument.objects.get().year == 2024
