"""Structure of the real reports in ../shared/corpus.

The expected counts per session and group below were taken by reading the 2017 report by
hand (measured expectations for that document); the parser itself knows nothing about it.
"""

from collections import Counter

import pytest

from innspill.documents.structure import parse_document
from tests.corpus import corpus_file

REPORT_2017 = "2017-integreringskonferansen-rapport"

# session number → (leader, {group heading: number of inputs})
EXPECTED_2017 = {
    1: (
        "Anniken Hauglie",
        {
            "Bedre utdannings- og kvalifiseringsmuligheter": 8,
            "Arbeidsgivere og etablerere": 7,
            "Frivilligheten som integreringsarena": 5,
        },
    ),
    2: ("Vidar Brein-Karlsen", {"Hemmer integrering": 2, "Fremmer integrering": 6}),
    3: ("Bjørn Haugstad", {None: 11}),
    4: (
        "Kristin Holm Jensen",
        {"Bolig": 5, "Frivillige organisasjoner": 10, "Skole og utdanning": 4},
    ),
}


@pytest.fixture(scope="module", params=["txt", "pdf"])
def report_2017(request):
    return parse_document(corpus_file(f"{REPORT_2017}.{request.param}"))


def test_2017_every_session_input_with_session_leader_and_group(report_2017):
    found = {
        session.number: (session.leader, dict(Counter(item.group for item in session.inputs)))
        for session in report_2017.sessions
    }
    assert found == EXPECTED_2017


def test_2017_inputs_point_back_to_their_source_line(report_2017):
    first = report_2017.sessions[0].inputs[0]
    assert first.text.startswith("Mer fokus på videregående opplæring")
    assert first.line is not None
    assert all(item.line is not None for item in report_2017.inputs)


def test_2017_facts_tips_summaries_and_evaluation(report_2017):
    facts = report_2017.facts
    assert (report_2017.kind, report_2017.year) == ("conference_report", 2017)
    assert (facts.participants, facts.parallel_sessions, facts.venue) == (
        225,
        4,
        "Grand Hotell i Oslo",
    )
    assert facts.social_gathering is True
    assert [group.topic for group in report_2017.tips] == [
        "Utdannings- og kvalifiseringsløpet", "Arbeidsgivere", "Holdninger og diskriminering",
        "Bolig", "Frivillig sektor",
    ]  # fmt: skip
    assert sum(len(group.items) for group in report_2017.tips) == 23
    assert [(s.session, s.leader) for s in report_2017.summaries] == [
        (n, leader) for n, (leader, _) in EXPECTED_2017.items()
    ]
    evaluation = report_2017.evaluation
    assert [
        (f.measure, f.subject, f.value, f.min, f.max, f.sessions, f.qualifier)
        for f in evaluation.figures
    ] == [
        ("response_rate", "overall", 40, None, None, [], ""),
        ("satisfied", "overall", 92, None, None, [], ""),
        ("attend_next_year", "overall", 90, None, None, [], "nær"),
        ("satisfied", "talks", None, 73, 92, [], ""),  # «Mellom 73 og 92 %»: one range
        ("satisfied", "sessions", 76, None, None, [], ""),  # «parallellsesjonen de var i»
    ]
    assert (
        evaluation.response_rate, evaluation.satisfied_overall,
        evaluation.would_attend_next_year, evaluation.maybe_next_year, len(evaluation.suggestions),
    ) == (40, 92, 90, None, 5)  # fmt: skip
    assert report_2017.warnings == []


def test_2017_talks_have_speakers(report_2017):
    speakers = [talk.speaker for talk in report_2017.talks]
    assert len(speakers) == 6
    assert "Erna Solberg" in speakers
    assert all(talk.text for talk in report_2017.talks)


def test_2015_report_sessions_and_leaders():
    report = parse_document(corpus_file("2015-dialogkonferansen-rapport.txt"))
    assert (report.kind, report.year, report.facts.participants) == ("conference_report", 2015, 200)
    assert len(report.sessions) == 8
    assert all(session.leader for session in report.sessions)
    summary = [group for group in report.tips if group.topic.startswith("Viktige innspill")]
    assert len(summary) == 1 and len(summary[0].items) >= 8  # its 8 bullets, as sentences
    assert sum(len(session.inputs) for session in report.sessions) >= 6
    assert len(report.warnings) <= 1
    # it sums up by topic, so sessions without inputs are no doubt; each names its leader
    assert {session.confidence for session in report.sessions} == {1.0}


def test_2019_booklet_practices_with_municipality_facts():
    report = parse_document(
        corpus_file("2019-temahefte-innvandring-inkludering-lokal-utvikling.txt")
    )
    assert report.kind == "practices"
    with_facts = [p for p in report.practices if p.facts.inhabitants]
    assert len(with_facts) >= 10
    for practice in with_facts:
        facts = practice.facts
        assert practice.municipality
        assert facts.immigrants is not None and facts.immigrants < facts.inhabitants
        expected_share = 100 * facts.immigrants / facts.inhabitants
        assert abs(facts.immigrant_share - expected_share) < 2.0  # shares use other bases
        assert facts.nationalities and facts.nationalities > 0
    assert sum(1 for p in report.practices if p.measures) >= 8
    # the date the inhabitants were counted, as the booklet writes it
    assert {p.facts.inhabitants_date for p in with_facts} == {"1.1.2019", "1.1. 2019"}
    assert len(report.warnings) <= 2


def test_2020_input_report_selection_recurring_and_questions():
    report = parse_document(corpus_file("2020-integreringskonferansen-innspillsrapport-ocr.txt"))
    assert (report.kind, report.year) == ("input_report", 2020)
    counts = {row.organisation_type: (row.contacted, row.answered) for row in report.selection}
    assert counts == {
        "kommune": (6, 4),
        "frivillig organisasjon": (19, 12),
        "innvandrerråd": (4, 4),
    }
    assert len(report.recurring) == 3
    assert len(report.sessions) == 2
    assert all(len(session.inputs) >= 3 for session in report.sessions)
    assert len(report.practices) >= 10
    assert report.warnings == []
