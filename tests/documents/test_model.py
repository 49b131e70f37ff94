"""The parsed report survives JSON: what the preview edits comes back as the same dataclasses."""

import json

from innspill.documents import model as m
from innspill.documents.structure import parse_document
from tests.corpus import corpus_file


def test_parsed_report_round_trips_through_json():
    for name in (
        "2017-integreringskonferansen-rapport.txt",
        "2019-temahefte-innvandring-inkludering-lokal-utvikling.txt",
    ):
        report = parse_document(corpus_file(name))
        again = m.ParsedReport.from_dict(json.loads(json.dumps(report.to_dict())))
        assert again == report


def test_from_dict_ignores_unknown_keys_and_fills_defaults():
    report = m.ParsedReport.from_dict(
        {
            "kind": "conference_report",
            "year": 2018,
            "edited_by": "preview",
            "sessions": [{"number": 1, "title": "Arbeid", "inputs": [{"text": "Mer praksis."}]}],
        }
    )
    assert report == m.ParsedReport(
        kind="conference_report",
        year=2018,
        sessions=[m.Session(number=1, title="Arbeid", inputs=[m.Input(text="Mer praksis.")])],
    )
