import math

import pytest

from innspill.documents.render import (
    Chart,
    ChartData,
    ChartSeries,
    ConferenceFacts,
    ConferenceReportData,
    Evaluation,
    Session,
    SessionInput,
    Span,
    conference_data_from_dict,
    conference_report,
    input_report,
    parse_inline,
)
from innspill.documents.render.builders import (
    evaluation_figures,
    evaluation_sentences,
    grouped_inputs,
)
from innspill.documents.render.model import Table, format_number
from innspill.documents.render.sample import input_data


def test_parse_inline_bold_italic_and_link():
    spans = parse_inline("Se **hele** talen *her*: [regjeringen.no](https://www.regjeringen.no).")
    assert spans == [
        Span(text="Se "),
        Span(text="hele", bold=True),
        Span(text=" talen "),
        Span(text="her", italic=True),
        Span(text=": "),
        Span(text="regjeringen.no", href="https://www.regjeringen.no"),
        Span(text="."),
    ]


def test_parse_inline_unsafe_link_keeps_text_without_href():
    assert parse_inline("[klikk](javascript:alert(1))") == [
        Span(text="klikk"),
        Span(text=")"),
    ]


def test_parse_inline_plain_text_and_lone_asterisks_unchanged():
    assert parse_inline("5 * 3 = 15 og 2 * 2") == [Span(text="5 * 3 = 15 og 2 * 2")]


def test_format_number_uses_decimal_comma_and_spaced_percent():
    assert [format_number(92, "%"), format_number(2.5), format_number(10.0)] == [
        "92\u00a0%",
        "2,5",
        "10",
    ]


def test_chart_rejects_series_that_do_not_match_categories():
    data = ChartData(categories=["a", "b"], series=[ChartSeries(name="2024", values=[1.0])])
    with pytest.raises(ValueError, match="does not match"):
        Chart(kind="bar", title="t", data=data)


def test_chart_rejects_unknown_kind():
    data = ChartData(categories=["a"], series=[ChartSeries(name="x", values=[1.0])])
    with pytest.raises(ValueError, match="unknown chart kind"):
        Chart(kind="pie", title="t", data=data)  # type: ignore[arg-type]


def test_chart_alt_text_carries_every_number():
    data = ChartData(
        categories=["Bolig", "Arbeid"],
        series=[
            ChartSeries(name="2024", values=[3, 12]),
            ChartSeries(name="2025", values=[5, 7.5]),
        ],
    )
    chart = Chart(kind="bar", title="Innspill per tema", data=data)
    assert chart.alt_text == (
        "Søylediagram: Innspill per tema. Bolig: 2024 3, 2025 5; Arbeid: 2024 12, 2025 7,5."
    )


def test_grouped_inputs_keep_first_seen_group_order_and_ungrouped_first():
    inputs = [
        SessionInput(text="a", group="Bolig"),
        SessionInput(text="b", group="Arbeid"),
        SessionInput(text="c"),
        SessionInput(text="d", group="Bolig"),
    ]
    groups = grouped_inputs(inputs)
    assert [group.heading for group in groups] == [None, "Bolig", "Arbeid"]
    assert [[p.text for p in group.items] for group in groups] == [
        ["c"],
        ["a", "d"],
        ["b"],
    ]


def test_conference_report_follows_the_published_structure():
    data = ConferenceReportData(
        facts=ConferenceFacts(name="Integreringskonferansen", year=2025, participants=200),
        sessions=[
            Session(
                number=2,
                title="Hvordan lykkes med kvalifisering?",
                leader="Kari Nordmann",
                leader_role="statssekretær",
                questions=["Hva virker?"],
                inputs=[SessionInput(text="Mer språkpraksis.", group="Språk")],
            )
        ],
        evaluation=Evaluation(
            respondents=40,
            invited=100,
            satisfaction={"Samlet": {"Svært fornøyd": 3, "Fornøyd": 6, "Misfornøyd": 1}},
            intent={"Ja": 8, "Nei": 2},
            suggestions=["Mer tid til diskusjon."],
        ),
    )
    doc = conference_report(data)
    assert [(s.level, s.heading) for s in doc.sections] == [
        (1, "Innledning"),
        (1, "Parallellsesjoner"),
        (2, "Parallellsesjon 2 Hvordan lykkes med kvalifisering?"),
        (3, "Innspill fra deltakerne"),
        (1, "Evaluering av konferansen"),
    ]
    session = doc.sections[2]
    assert session.blocks[0].text == "Ved statssekretær Kari Nordmann"
    assert doc.sections[3].blocks[0].heading == "Språk"
    evaluation = doc.sections[4]
    table = next(b for b in evaluation.blocks if isinstance(b, Table))
    assert table.rows == [
        [
            "1",
            "Samlet",
            "90\u00a0%",
            "30\u00a0%",
            "60\u00a0%",
            "0\u00a0%",
            "10\u00a0%",
            "0\u00a0%",
            "10",
        ]
    ]
    assert table.header[table.row_header] == "Spørsmål"
    assert evaluation.blocks[0].text.endswith("40 av 100 (40\u00a0%) besvarte undersøkelsen.")
    assert [c.kind for c in doc.charts()] == ["stacked", "stacked"]


def test_conference_data_from_dict_builds_the_same_report():
    raw = {
        "facts": {"name": "Konferansen", "year": 2024, "venue": "Bergen"},
        "tips": [{"heading": "Arbeid", "items": ["Flere praksisplasser."]}],
        "sessions": [
            {
                "number": 1,
                "title": "Bolig",
                "leader": "Ola",
                "leader_role": "statsråd",
                "questions": [],
                "inputs": [{"text": "Leie til eie.", "group": "Bolig"}],
            }
        ],
        "evaluation": {"respondents": 1, "invited": 2, "intent": {"Ja": 1}},
    }
    from_dict = conference_report(conference_data_from_dict(raw))
    direct = conference_report(
        ConferenceReportData(
            facts=ConferenceFacts(name="Konferansen", year=2024, venue="Bergen"),
            tips=conference_data_from_dict(raw).tips,
            sessions=[
                Session(
                    number=1,
                    title="Bolig",
                    leader="Ola",
                    leader_role="statsråd",
                    inputs=[SessionInput(text="Leie til eie.", group="Bolig")],
                )
            ],
            evaluation=Evaluation(respondents=1, invited=2, intent={"Ja": 1}),
        )
    )
    assert from_dict == direct


def test_input_report_selection_table_has_totals_and_response_rates():
    doc = input_report(input_data())
    table = next(b for s in doc.sections for b in s.blocks if isinstance(b, Table))
    assert table.header == ["Aktør", "Spurt", "Svar", "Svarprosent"]
    assert table.rows == [
        ["Frivillige organisasjoner", "20", "13", "65\u00a0%"],
        ["Innvandrerråd", "6", "4", "67\u00a0%"],
        ["Kommuner", "12", "8", "67\u00a0%"],
        ["Til sammen", "38", "25", "66\u00a0%"],
    ]
    numbered = [s.heading.split(". ")[0] for s in doc.sections if s.level == 1][1:]
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)]


def test_evaluation_sentences_state_the_key_figures_in_words():
    evaluation = Evaluation(
        satisfaction={
            "Samlet": {"Svært fornøyd": 5, "Fornøyd": 4, "Misfornøyd": 1},
            "Tale A": {"Svært fornøyd": 1, "Fornøyd": 2, "Verken eller": 1},
            "Tale B": {"Fornøyd": 1, "Svært misfornøyd": 1},
            "Sesjon 1": {"Fornøyd": 3, "Misfornøyd": 1},
        },
        talk_questions=["Tale A", "Tale B"],
        session_questions=["Sesjon 1"],
        intent={"Ja": 6, "Kanskje": 3, "Nei": 1},
    )
    assert evaluation_sentences(evaluation) == [
        "90\u00a0% av deltakerne var svært fornøyd eller fornøyd med konferansen samlet sett.",
        "Mellom 50 og 75\u00a0% var svært fornøyd eller fornøyd med innleggene.",
        "75\u00a0% var svært fornøyd eller fornøyd med parallellsesjonene.",
        "60\u00a0% vil delta på neste års konferanse og 30\u00a0% kanskje.",
    ]


def test_evaluation_history_is_charted_with_this_years_figures():
    evaluation = Evaluation(
        respondents=45,
        invited=100,
        satisfaction={"Samlet": {"Svært fornøyd": 1, "Fornøyd": 2, "Misfornøyd": 1}},
        intent={"Ja": 4, "Nei": 1},
        history={"2024": {"Svarprosent": 40, "Vil delta neste år": 90}},
    )
    assert evaluation_figures(evaluation) == {
        "Svarprosent": 45,
        "Svært fornøyd eller fornøyd samlet": 75,
        "Vil delta neste år": 80,
    }
    data = ConferenceReportData(
        facts=ConferenceFacts(name="Konferansen", year=2025), evaluation=evaluation
    )
    trend = conference_report(data).charts()[-1]
    assert trend.title == "Evalueringen år for år"
    assert trend.data.categories == [
        "Svarprosent",
        "Vil delta neste år",
        "Svært fornøyd eller fornøyd samlet",
    ]
    assert [(s.name, s.values[:2]) for s in trend.data.series] == [
        ("2024", [40.0, 90.0]),
        ("2025", [45.0, 80.0]),
    ]
    assert math.isnan(trend.data.series[0].values[2])  # 2024 had no such figure: not a zero
    assert "Svært fornøyd eller fornøyd samlet: 2024 ingen tall, 2025 75" in trend.alt_text


def test_input_report_keeps_innspill_headings_for_the_questions_and_examples_as_paragraphs():
    data = input_data()
    doc = input_report(data)
    chapters = [s.heading for s in doc.sections if s.level == 1]
    questions = [h for h in chapters if h.split(". ", 1)[-1].startswith("Innspill")]
    assert [h.split(". ", 1)[1] for h in questions] == [
        f"Innspill – {q.question}" for q in data.per_question
    ]
    selection = next(s for s in doc.sections if s.heading.endswith("Avgrensing og utvelgelse"))
    assert selection.blocks[0].text == (
        "Vi kontaktet 20 frivillige organisasjoner, 6 innvandrerråd og 12 kommuner. "
        "Av disse svarte 13 frivillige organisasjoner, 4 innvandrerråd og 8 kommuner."
    )
    examples = doc.sections[-1].blocks
    assert [(p.spans[0].text, p.spans[0].bold) for p in examples] == [
        (f"{e.title}:", True) for e in data.good_examples
    ]


def test_selection_sentence_names_one_of_a_kind_in_the_singular():
    from innspill.documents.render.builders import SelectionRow, selection_sentence

    rows = [
        SelectionRow(kind="Kommuner", contacted=1, answered=0, singular="Kommune"),
        SelectionRow(
            kind="Frivillige organisasjoner",
            contacted=3,
            answered=1,
            singular="Frivillig organisasjon",
        ),
    ]
    assert selection_sentence(rows) == (
        "Vi kontaktet 1 kommune og 3 frivillige organisasjoner. "
        "Av disse svarte 0 kommuner og 1 frivillig organisasjon."
    )
