"""Evaluation figures as the report states them: ranges stay ranges, a group of sessions stays
one figure for the group, and nothing is numbered as a talk or a session that the report did
not name. Paragraphs written here in several phrasings, read through the whole parser."""

import pytest

from innspill.documents.figures import FigureError, figures_clean
from innspill.documents.model import Figure
from innspill.documents.structure import parse_text


def _report(*evaluation: str):
    """A small conference report whose evaluation section holds `evaluation` (blank-line paragraphs)."""
    parts = [
        "Integreringskonferansen 2019",
        "Innledning",
        "Regjeringen holdt konferansen i Oslo med 200 deltakere.",
        "Sesjon 1: Arbeid",
        "Ledet av statsråd Kari Nordmann",
        "Innspill fra deltakerne",
        "• Flere språkkurs på arbeidsplassen.",
        "Evaluering",
        *evaluation,
    ]
    return parse_text("\n\n".join(parts), source_name="evaluering.txt")


def _stated(report) -> list[tuple]:
    return [
        (f.measure, f.subject, f.value, f.min, f.max, f.sessions, f.label, f.qualifier)
        for f in report.evaluation.figures
    ]


def test_the_issue_report_keeps_its_range_and_its_two_groups_of_sessions():
    report = _report(
        "38 % av deltakerne svarte på evalueringen. Mellom 55 og 90 % var fornøyd med "
        "innleggene. For sesjon 1–4 var 67 % fornøyd, og for sesjon 5–8 var 81 % fornøyd. "
        "78 % vil delta neste år, og 15 % svarte kanskje."
    )
    assert _stated(report) == [
        ("response_rate", "overall", 38, None, None, [], "", ""),
        ("satisfied", "talks", None, 55, 90, [], "", ""),
        ("satisfied", "sessions", 67, None, None, [1, 2, 3, 4], "sesjon 1–4", ""),
        ("satisfied", "sessions", 81, None, None, [5, 6, 7, 8], "sesjon 5–8", ""),
        ("attend_next_year", "overall", 78, None, None, [], "", ""),
        ("maybe_next_year", "overall", 15, None, None, [], "", ""),
    ]
    evaluation = report.evaluation
    # the scalars are the single figures for the whole conference; no talk figure is made up
    assert (
        evaluation.response_rate,
        evaluation.satisfied_overall,
        evaluation.would_attend_next_year,
        evaluation.maybe_next_year,
    ) == (38, None, 78, 15)
    assert report.warnings == []
    assert {f.page for f in evaluation.figures} == {None}  # text without form feeds has no pages


def test_group_figures_on_their_own_lines_are_figures_not_new_sessions():
    # before: «Sesjon 5–8: 81 % …» opened a session «8: 81 % var fornøyd.», and the next
    # year's figure after it was lost with the evaluation section
    report = _report(
        "Andel fornøyd med parallellsesjonene:",
        "Sesjon 1–4: 67 % var fornøyd.",
        "Sesjon 5–8: 81 % var fornøyd.",
        "78 % vil delta neste år.",
    )
    assert [(s.number, s.title) for s in report.sessions] == [(1, "Arbeid")]
    assert _stated(report) == [
        ("satisfied", "sessions", 67, None, None, [1, 2, 3, 4], "Sesjon 1–4", ""),
        ("satisfied", "sessions", 81, None, None, [5, 6, 7, 8], "Sesjon 5–8", ""),
        ("attend_next_year", "overall", 78, None, None, [], "", ""),
    ]
    assert report.warnings == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Tilfredsheten med innleggene varierte mellom 55 og 90 prosent.",
            [("satisfied", "talks", None, 55, 90, [], "", "")],
        ),
        (
            "Andelen som var fornøyd med sesjonene lå på 60–85 %.",
            [("satisfied", "sessions", None, 60, 85, [], "", "")],
        ),
        (
            "Fra 70 til 95 % var svært fornøyd eller fornøyd med innleggene i plenum.",
            [("satisfied", "talks", None, 70, 95, [], "", "")],
        ),
        (
            "I parallellsesjonene 1 til 4 var 67 % fornøyd, mens 81 % var fornøyd i sesjonene "
            "5 til 8.",
            [
                (
                    "satisfied",
                    "sessions",
                    67,
                    None,
                    None,
                    [1, 2, 3, 4],
                    "parallellsesjonene 1 til 4",
                    "",
                ),
                ("satisfied", "sessions", 81, None, None, [5, 6, 7, 8], "sesjonene 5 til 8", ""),
            ],
        ),
        (
            "I sesjon 1–4 og 5–8 var henholdsvis 67 og 81 % fornøyd eller svært fornøyd.",
            [
                ("satisfied", "sessions", 67, None, None, [1, 2, 3, 4], "sesjon 1–4", ""),
                ("satisfied", "sessions", 81, None, None, [5, 6, 7, 8], "sesjon 5–8", ""),
            ],
        ),
        (
            "Sesjon 1, 3 og 5 fikk 72 % fornøyde deltakere.",
            [("satisfied", "sessions", 72, None, None, [1, 3, 5], "Sesjon 1, 3 og 5", "")],
        ),
        (
            "Parallellsesjon 2 fikk best tilbakemelding: 93 % var fornøyd.",
            [("satisfied", "session", 93, None, None, [2], "Parallellsesjon 2", "")],
        ),
        (
            "Innlegget til Erna Solberg fikk 92 % fornøyde, mens innlegg 3 fikk 64 %.",
            [
                ("satisfied", "talk", 92, None, None, [], "Innlegget til Erna Solberg", ""),
                ("satisfied", "talk", 64, None, None, [], "innlegg 3", ""),
            ],
        ),
        (
            "Hele 87 prosent av de som svarte, var fornøyd med konferansen som helhet.",
            [("satisfied", "overall", 87, None, None, [], "", "")],
        ),
        (
            "81 % var fornøyd med plenumsdelen.",
            [("satisfied", "plenary", 81, None, None, [], "", "")],
        ),
        (
            "Av de inviterte svarte 45 % på spørreskjemaet.",
            [("response_rate", "overall", 45, None, None, [], "", "")],
        ),
        (
            "Svarprosenten var 66,7 %.",
            [("response_rate", "overall", 66.7, None, None, [], "", "")],
        ),
        (
            "Nær 90 % vurderer å delta på neste års konferanse.",
            [("attend_next_year", "overall", 90, None, None, [], "", "nær")],
        ),
        (
            "Ca. 75 % vil gjerne delta neste år.",
            [("attend_next_year", "overall", 75, None, None, [], "", "ca.")],
        ),
        (
            "60 % var svært fornøyd med konferansen.",
            [("very_satisfied", "overall", 60, None, None, [], "", "")],
        ),
    ],
)
def test_each_phrasing_is_read_as_stated(sentence, expected):
    report = _report(sentence)
    assert (_stated(report), report.warnings) == (expected, [])


def test_bare_figures_take_the_measure_of_their_lead_in():
    report = _report(
        "Andel fornøyd eller svært fornøyd per parallellsesjon:",
        "• Sesjon 1: 70 %",
        "• Sesjon 2: 85 %",
        "Forslag til neste år:",
        "• Mer tid til gruppearbeid.",
    )
    assert _stated(report) == [
        ("satisfied", "session", 70, None, None, [1], "Sesjon 1", ""),
        ("satisfied", "session", 85, None, None, [2], "Sesjon 2", ""),
    ]
    assert report.evaluation.suggestions == ["Mer tid til gruppearbeid."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sesjon 1: 70 %, sesjon 2: 85 %.",  # no measure named: satisfied? attending? unknown
        "Av de som svarte var 60 % kvinner.",
        "45 % var svært fornøyd og 40 % fornøyd.",  # «fornøyd» here is one step of the scale
    ],
)
def test_a_figure_whose_meaning_is_not_stated_is_left_to_staff(sentence):
    report = _report(sentence)
    kept = [f for f in report.evaluation.figures if f.measure != "very_satisfied"]
    assert (kept, report.warnings) == (
        [],
        [f"Evaluering: fant ikke hva tallet gjelder i «{sentence}»"],
    )


def test_a_distribution_table_is_flagged_once_not_read_as_figures():
    report = _report(
        "Konferansen samlet sett 65 % 35 % 29 % 10 %",
        "Parallellsesjon 1 69 % 45 % 24 % 13 %",
    )
    assert (report.evaluation.figures, report.warnings) == (
        [],
        ["Evaluering: en tabell med prosenttall ble ikke lest; sjekk mot kilden"],
    )


def test_figures_keep_the_page_they_were_read_from():
    text = "\f".join(
        [
            "Integreringskonferansen 2019\n\nInnledning\n\nKonferansen samlet 200 deltakere.",
            "Evaluering\n\n40 % av deltakerne besvarte undersøkelsen.",
        ]
    )
    report = parse_text(text)
    assert [(f.measure, f.value, f.page) for f in report.evaluation.figures] == [
        ("response_rate", 40, 2)
    ]


def test_figures_clean_checks_the_stored_shape():
    stated = Figure("satisfied", "sessions", value=67, sessions=[4, 2, 3, 1], label="sesjon 1–4")
    assert figures_clean([stated, stated.to_dict()]) == [
        {
            "measure": "satisfied", "subject": "sessions", "value": 67, "min": None,
            "max": None, "sessions": [1, 2, 3, 4], "label": "sesjon 1–4", "page": None,
            "qualifier": "",
        }
    ]  # fmt: skip
    # as a form posts them
    typed = {"measure": "satisfied", "subject": "session", "value": "66,7", "sessions": ["3"]}
    assert figures_clean([typed])[0]["value"] == 66.7
    assert figures_clean([typed])[0]["sessions"] == [3]
    bad = [
        ({"measure": "liked", "value": 3}, "tall 1: ukjent mål: 'liked'"),
        (
            {"measure": "satisfied", "value": 101},
            "tall 1: verdien må ligge mellom 0 og 100 (er 101)",
        ),
        (
            {"measure": "satisfied", "value": 60, "min": 50, "max": 70},
            "tall 1: et tall er enten én verdi eller et spenn, ikke begge",
        ),
        (
            {"measure": "satisfied", "min": 90, "max": 55},
            "tall 1: spennet må gå fra lavt til høyt (er 90–55)",
        ),
        (
            {"measure": "satisfied", "subject": "sessions", "value": 60, "sessions": [3]},
            "tall 1: en gruppe sesjoner har flere nummer; én sesjon gjelder «session»",
        ),
        (
            {"measure": "satisfied", "subject": "talks", "value": 60, "sessions": [1, 2]},
            "tall 1: bare sesjoner har sesjonsnummer (gjelder talks)",
        ),
        ({"measure": "satisfied"}, "tall 1: mangler verdi (eller både fra og til for et spenn)"),
        ({"measure": "satisfied", "value": True}, "tall 1: verdien må være et tall, ikke True"),
        ({"measure": "satisfied", "value": "mye"}, "tall 1: verdien må være et tall, ikke 'mye'"),
    ]
    for item, message in bad:
        with pytest.raises(FigureError) as raised:
            figures_clean([item])
        assert str(raised.value) == message
