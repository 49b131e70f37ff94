"""The pure command line entry: JSON on stdout, one clean line on stderr for a bad file."""

import json

from innspill.documents.cli import main


def test_cli_prints_structure_as_json(tmp_path, capsys):
    path = tmp_path / "rapport.txt"
    path.write_text(
        "Konferansen 2021\n\nSesjon 1 Arbeid\n\nVed statsråd Kari Nordmann\n\n"
        "Innspill fra deltakerne\n\n• Flere lærlingplasser.\n",
        encoding="utf-8",
    )
    assert main([str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"][0]["leader"] == "Kari Nordmann"
    assert data["sessions"][0]["inputs"] == [
        {"text": "Flere lærlingplasser.", "group": None, "page": None, "line": 9}
    ]


def test_cli_bad_file_gives_one_line_and_non_zero_exit(tmp_path, capsys):
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    assert main([str(path)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "feil: Filen er tom: tom.pdf\n")
