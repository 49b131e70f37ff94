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


def _labelled_file(tmp_path, lines):
    path = tmp_path / "merket.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ADAPT_LINES = [
    json.dumps({"text": text, "themes": ["bolig"], "kind": "erfaring"}, ensure_ascii=False)
    for text in (
        "Kvistfjordmodellen ble prøvd ut i tre bydeler",
        "Med Kvistfjordmodellen fikk familiene raskere hjelp",
        "Kvistfjordmodellen ga gode resultater for nyankomne",
        "Vi brukte Kvistfjordmodellen i hele regionen",
        "Kvistfjordmodellen samlet tjenestene på ett sted",
        "Erfaringene med Kvistfjordmodellen var gode",
    )
]


def test_classify_adapt_writes_the_same_json_lines_after_adapting(
    tmp_path, monkeypatch, capsys, settings
):
    from innspill.analysis.classifier import DEFAULT_MODEL_PATH

    local_model = tmp_path / "model" / "classifier_model.npz"
    settings.INNSPILL = {**settings.INNSPILL, "CLASSIFIER_MODEL": str(local_model)}
    shipped = DEFAULT_MODEL_PATH.read_bytes()
    labelled = _labelled_file(tmp_path, ADAPT_LINES)
    stdin = "Kvistfjordmodellen bør tas i bruk i flere kommuner\n\nKommunen innførte Kvistfjordmodellen\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("classify", "--json")
    plain = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("classify", "--json", "--adapt", str(labelled))
    adapted = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in adapted] == [
        "Kvistfjordmodellen bør tas i bruk i flere kommuner",
        "Kommunen innførte Kvistfjordmodellen",
    ]
    for r in adapted:
        assert set(r) == {"text", "theme", "themes", "confidence", "actors", "kind", "why"}
    assert [r["themes"] for r in adapted] == [["bolig"], ["bolig"]]
    assert ["bolig" in r["themes"] for r in plain] == [False, False]
    # Nothing written: the shipped model is byte for byte the same, no local model appeared,
    # and the labelled file is all the temporary folder holds.
    assert DEFAULT_MODEL_PATH.read_bytes() == shipped
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["merket.jsonl"]


def test_classify_reads_the_heading_of_a_json_line(tmp_path, monkeypatch, capsys):
    lines = [
        json.dumps({**json.loads(line), "group": "Sesjon 2"}, ensure_ascii=False)
        for line in ADAPT_LINES
    ]
    labelled = _labelled_file(tmp_path, lines)
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO(
            '{"text": "Kommunen må lytte mer", "group": "Sesjon 2"}\nKommunen må lytte mer\n'
        ),
    )
    call_command("classify", "--json", "--adapt", str(labelled))
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["Kommunen må lytte mer", "Kommunen må lytte mer"]
    assert records[0]["themes"] == ["bolig"]
    assert "bolig" not in records[1]["themes"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "kan ikke lese .*mangler.jsonl"),
        (
            '{"text": "Flere boliger", "themes": ["bolig"], "kind": "tiltak"}\n{brutt',
            "linje 2: ikke gyldig JSON",
        ),
        (
            '{"text": "Flere boliger", "themes": ["bolig"], "kind": "tiltak"}\n\n{"themes": ["bolig"], "kind": "tiltak"}',
            "linje 3: mangler `text`",
        ),
        ('{"text": "Flere boliger", "kind": "tiltak"}', "linje 1: `themes` må være"),
        (
            '{"text": "Flere boliger", "themes": ["bolig"]}',
            "linje 1: `kind` må være en av tiltak, barriere, erfaring",
        ),
    ],
)
def test_classify_adapt_with_a_bad_file_is_a_clear_error(tmp_path, monkeypatch, content, message):
    path = tmp_path / "mangler.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("Flere boliger\n"))
    with pytest.raises(CommandError, match=message):
        call_command("classify", "--json", "--adapt", str(path))
