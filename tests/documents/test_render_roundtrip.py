"""Our own PDF and DOCX, read back by the importer, give the same sessions, inputs, figures."""

import pytest

from innspill.documents.render import conference_report, input_report, render_docx, render_pdf
from innspill.documents.render.builders import positive_share
from innspill.documents.render.sample import conference_data, input_data
from innspill.documents.structure import parse_document


@pytest.fixture(scope="module")
def data():
    return conference_data(sessions=3, inputs_per_session=12, talks=2, questions=4, seed=11)


def _render_and_read(document, fmt, tmp_path_factory):
    """Render `document` as `fmt` ("pdf" or "docx") and read it back with our importer."""
    render = {"pdf": render_pdf, "docx": render_docx}[fmt]
    path = tmp_path_factory.mktemp("roundtrip") / f"report.{fmt}"
    path.write_bytes(render(document))
    return parse_document(path)


@pytest.fixture(scope="module", params=["pdf", "docx"])
def parsed(request, data, tmp_path_factory):
    return _render_and_read(conference_report(data), request.param, tmp_path_factory)


def test_roundtrip_sessions_leaders_and_questions(data, parsed):
    assert [(s.number, s.title, s.leader, s.leader_role, s.questions) for s in parsed.sessions] == [
        (s.number, s.title, s.leader, s.leader_role, s.questions) for s in data.sessions
    ]


def test_roundtrip_every_input_in_its_session_and_group(data, parsed):
    for source, found in zip(data.sessions, parsed.sessions, strict=True):
        assert sorted((i.text, i.group) for i in found.inputs) == sorted(
            (i.text, i.group) for i in source.inputs
        )


def test_roundtrip_tips_and_suggestions(data, parsed):
    assert [(t.topic, t.items) for t in parsed.tips] == [(t.heading, t.items) for t in data.tips]
    assert parsed.evaluation.suggestions == data.evaluation.suggestions


def test_roundtrip_evaluation_figures_and_facts(data, parsed):
    evaluation = data.evaluation
    satisfaction = evaluation.satisfaction
    talks = sorted(positive_share(satisfaction[q]) for q in evaluation.talk_questions)
    intent_total = sum(evaluation.intent.values())
    talk_figures = [f for f in parsed.evaluation.figures if f.subject == "talks"]
    assert (
        parsed.evaluation.response_rate,
        parsed.evaluation.satisfied_overall,
        [(f.value, f.min, f.max) for f in talk_figures],
        parsed.evaluation.would_attend_next_year,
    ) == (
        round(100 * evaluation.respondents / evaluation.invited),
        positive_share(next(iter(satisfaction.values()))),
        [(None, talks[0], talks[-1]) if talks[0] != talks[-1] else (talks[0], None, None)],
        round(100 * evaluation.intent["Ja"] / intent_total),
    )
    facts = data.facts
    assert (parsed.facts.participants, parsed.facts.venue, parsed.facts.date) == (
        facts.participants,
        facts.venue,
        facts.date,
    )


@pytest.fixture(scope="module")
def input_source():
    data = input_data()
    # a question whose words could name a chapter of good examples, and a one-line input
    data.per_question[0].question = "Hvordan kan flere få praksisplass og gode eksempler å følge?"
    data.per_question[0].inputs.append("Flere lærlingplasser.")
    return data


@pytest.fixture(scope="module", params=["pdf", "docx"])
def input_parsed(request, input_source, tmp_path_factory):
    return _render_and_read(input_report(input_source), request.param, tmp_path_factory)


def test_input_report_roundtrip_selection_and_recurring_inputs(input_source, input_parsed):
    assert (input_parsed.kind, input_parsed.year) == ("input_report", input_source.year)
    assert [(s.contacted, s.answered) for s in input_parsed.selection] == [
        (row.contacted, row.answered) for row in input_source.selection
    ]
    assert input_parsed.recurring == [
        f"{i.text} ({i.count} innspill)" for i in input_source.recurring
    ]


def test_input_report_roundtrip_every_input_under_its_question(input_source, input_parsed):
    # each «Innspill – question» chapter is a session whose title and group is the question;
    # the chapter's summary paragraph is not an input
    assert [
        (s.title, s.questions, [(i.text, i.group) for i in s.inputs]) for s in input_parsed.sessions
    ] == [
        (q.question, [q.question], [(text, q.question) for text in q.inputs])
        for q in input_source.per_question
    ]
    assert input_parsed.warnings == []


def test_input_report_roundtrip_every_good_example_its_own_practice(input_source, input_parsed):
    # an example whose last line reaches the right margin must not swallow the next one
    assert [(p.title, p.text) for p in input_parsed.practices] == [
        (e.title, f"{e.title}: {e.text}") for e in input_source.good_examples
    ]
