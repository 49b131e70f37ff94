"""The 2015 report sums up by topic in prose; its participants' demands become inputs.

The bounds below were measured by reading the report: it has fourteen topic sections before
the appendix and states the demands named here in sentences of its own; the parser knows
nothing about the file.
"""

import re

import pytest

from innspill.documents.structure import parse_document
from tests.corpus import corpus_file


@pytest.fixture(scope="module")
def report_2015():
    return parse_document(corpus_file("2015-dialogkonferansen-rapport.txt"))


def _inputs(report):
    tips = [(group.topic, item) for group in report.tips for item in group.items]
    return tips + [(item.group, item.text) for item in report.inputs]


def test_2015_topic_sentences_become_inputs(report_2015):
    inputs = _inputs(report_2015)
    topics = {heading for heading, _ in inputs}
    assert len(inputs) >= 100  # 14 before sentence-level reading
    assert len(topics) >= 12
    assert report_2015.warnings == []  # the appendix lists are not unplaced inputs


def test_2015_inputs_are_whole_sentences(report_2015):
    for _, text in _inputs(report_2015):
        assert re.match(r"^[«\"A-ZÆØÅ]", text), text
        assert text.endswith((".", "!", "?", "»")), text
        assert not re.search(r"[a-zæøå]- (?!og\b|eller\b|til\b)[a-zæøå]", text), text


def test_2015_demands_that_recur_later_are_among_the_inputs(report_2015):
    texts = [text.lower() for _, text in _inputs(report_2015)]
    for wanted in ("tolk", "b1", "norskopplæring", "tilskudd til frivillig", "godkjen"):
        assert any(wanted in text for text in texts), wanted


def test_2015_what_officials_said_and_the_appendix_stay_out(report_2015):
    starts = re.compile(r"^(?:\w*minister\w*|statsråd\w*|statssekretær\w*|regjering\w*)", re.I)
    texts = [text for _, text in _inputs(report_2015)]
    assert [text for text in texts if starts.match(text)] == []
    assert [text for text in texts if re.match(r"^\d\d[.:]\d\d", text)] == []  # program
