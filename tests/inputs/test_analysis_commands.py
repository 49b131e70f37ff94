import io
import json

import pytest
from django.core.management import CommandError, call_command


def test_classify_reads_stdin_and_writes_json_lines(monkeypatch, capsys):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("Flere barnehageplasser i kommunen\n\nStartlån fra leie til eie\n")
    )
    call_command("classify", "--json")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in lines] == [
        "Flere barnehageplasser i kommunen",
        "Startlån fra leie til eie",
    ]
    for r in lines:
        assert set(r) == {"text", "theme", "themes", "confidence", "actors", "kind", "why"}
        assert r["themes"][0] == r["theme"] and 0 <= r["confidence"] <= 1


def test_classify_needs_no_database(monkeypatch, capsys):
    # No django_db mark: any database access would fail this test.
    monkeypatch.setattr("sys.stdin", io.StringIO("Tolk må brukes i helsetjenesten\n"))
    call_command("classify", "--json")
    assert json.loads(capsys.readouterr().out)["text"] == "Tolk må brukes i helsetjenesten"


def test_similar_finds_the_same_demand_in_other_words(tmp_path, capsys):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text(
        "Flere plasser i barnehagen\nKrav om innkalling av innvandrere til intervju og bruk av anonyme søknader\n"
        "Bedre kollektivtilbud i distriktene\n",
        encoding="utf-8",
    )
    queries = tmp_path / "queries.txt"
    queries.write_text("Benytt anonyme jobbsøknader\n", encoding="utf-8")
    call_command(
        "similar", "--corpus", str(corpus), "--queries", str(queries), "--top", "2", "--json"
    )
    record = json.loads(capsys.readouterr().out)
    assert record["query"] == 0 and record["matches"][0]["index"] == 1


def test_similar_with_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Kan ikke lese"):
        call_command(
            "similar",
            "--corpus",
            str(tmp_path / "mangler.txt"),
            "--queries",
            str(tmp_path / "q.txt"),
        )
