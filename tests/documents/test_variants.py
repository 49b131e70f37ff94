"""The report-variant generator (benchmarks/variants): deterministic, true to what it writes,
and scored as documented."""

import re
from dataclasses import replace

import pytest

from benchmarks.variants import (
    DEV_SEEDS,
    HELD_OUT_SEEDS,
    build,
    choose_layout,
    make_content,
    make_variant,
)
from benchmarks.variants.layout import BULLETS, LEADER_PLACES, SESSION_STYLES, _two_lines
from benchmarks.variants.score import f1, norm, score
from benchmarks.variants.writers import to_text, wrap
from innspill.documents.model import Evaluation, Facts, Input, ParsedReport, Session
from innspill.documents.readers import read_document

SEEDS = [0, 1, 2, 5, 7]


def _written(seed, fmt, directory):
    variant = make_variant(seed, fmt, directory)
    return variant, "\n".join(read_document(variant.path).pages)


def test_dev_and_held_out_seeds_do_not_overlap():
    assert set(DEV_SEEDS) & set(HELD_OUT_SEEDS) == set()
    assert (len(DEV_SEEDS), len(HELD_OUT_SEEDS)) == (100, 100)


@pytest.mark.parametrize("fmt", ["text", "docx"])
def test_variant_is_the_same_for_the_same_seed(fmt, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, text_a = _written(3, fmt, tmp_path / "a")
    second, text_b = _written(3, fmt, tmp_path / "b")
    assert (first.truth, first.layout, text_a) == (second.truth, second.layout, text_b)


def test_different_seeds_give_different_content_and_layout():
    assert make_content(0).inputs != make_content(1).inputs
    assert choose_layout(0) != choose_layout(1)


@pytest.mark.parametrize(
    ("seed", "fmt"),
    [*((seed, fmt) for seed in SEEDS for fmt in ("text", "docx")), (1, "pdf")],
)
def test_every_truth_value_is_written(seed, fmt, tmp_path):
    variant, text = _written(seed, fmt, tmp_path)
    truth = variant.truth
    # page numbers and running headers may cut an input in two; what is left must be whole
    furniture = {f"{truth.name} {truth.year}"}
    body = [
        line
        for line in text.splitlines()
        if line.strip() not in furniture
        and not re.fullmatch(r"(Side )?\d+( av \d+)?", line.strip())
    ]
    written = norm(" ".join(body))
    missing = [t for t in truth.inputs if norm(t) not in written]
    assert missing == []
    assert [t for g in truth.tips for t in g.inputs if norm(t) not in written] == []
    # the date may stand without its year («den 27. september»), as in the corpus
    assert (norm(truth.title) in norm(text), str(truth.year) in truth.title) == (True, True)
    for value in (truth.venue, truth.date.rsplit(" ", 1)[0]):
        assert norm(value) in written
    for session in truth.sessions:
        assert norm(session.title) in written
        assert norm(session.leader) in written
        if variant.layout.with_office:
            assert norm(session.office) in written
    for figure in truth.figures:
        for number in (figure.value, figure.min, figure.max):
            if number is not None:
                assert re.search(rf"\b{number}\b", text)
    assert f"siden {truth.first_year}" in " ".join(text.split())


def test_seeds_cover_every_session_style_bullet_and_leader_place():
    layouts = [choose_layout(seed) for seed in DEV_SEEDS]
    assert {layout.session_style for layout in layouts} == set(SESSION_STYLES)
    assert {layout.bullet for layout in layouts} == set(BULLETS)
    assert {layout.leader_place for layout in layouts} == set(LEADER_PLACES)
    assert {layout.two_columns for layout in layouts} == {True, False}


def test_leader_on_two_lines_breaks_inside_the_hyphenated_office():
    assert _two_lines("Ledet av kunnskaps- og integreringsminister Kari Nordmann") == [
        "Ledet av kunnskaps-",
        "og integreringsminister Kari Nordmann",
    ]
    assert _two_lines("Ved integreringsminister Kari Nordmann") == [
        "Ved integrerings-",
        "minister Kari Nordmann",
    ]


def test_wrap_divides_long_words_and_keeps_every_letter():
    text = "Ledet av statssekretær i Arbeids- og inkluderingsdepartementet Kari Nordmann"
    lines = wrap(text, 40, hyphenate=True)
    assert lines == [
        "Ledet av statssekretær i Arbeids- og",
        "inkluderingsdepartementet Kari Nordmann",
    ]
    lines = wrap("Samarbeidet med frivilligsentralene gir engasjement", 30, hyphenate=True)
    assert lines == ["Samarbeidet med frivilligsent-", "ralene gir engasjement"]
    assert norm(" ".join(lines)) == norm("Samarbeidet med frivilligsentralene gir engasjement")


def test_wrapped_text_is_paged_with_the_layouts_page_numbers():
    truth = make_content(4)
    layout = replace(choose_layout(4), wrap=70, furniture="side_av", cover=False, two_columns=False)
    pages = to_text(build(truth, layout), truth, layout).split("\f")
    assert len(pages) > 2
    assert [page.strip().splitlines()[-1] for page in pages[1:]] == [
        f"Side {n} av {len(pages)}" for n in range(2, len(pages) + 1)
    ]
    assert max(len(line) for page in pages for line in page.splitlines()) <= 70


def _perfect(truth):
    return ParsedReport(
        kind=truth.kind,
        year=truth.year,
        title=truth.title.upper(),
        facts=Facts(venue=truth.venue, date=truth.date),
        sessions=[
            Session(
                number=s.number,
                title=s.title,
                leader=s.leader,
                leader_role=s.office,
                inputs=[Input(text) for text in s.inputs],
            )
            for s in truth.sessions
        ],
        evaluation=Evaluation(figures=list(truth.figures)),
    )


def test_score_of_a_perfect_reading_is_full():
    truth = make_content(6)
    result = score(truth, _perfect(truth))
    assert (result.f1, result.wrong, result.offices_right, result.sessions_right) == (
        1.0,
        [],
        len(truth.sessions),
        True,
    )
    assert result.fields_right == 5 + len(truth.sessions) + len(truth.figures)


def test_score_counts_missing_inputs_wrong_leaders_and_changed_figures():
    truth = make_content(6)
    parsed = _perfect(truth)
    first = parsed.sessions[0]
    first.leader = "Kari"
    kept = truth.inputs[: len(truth.inputs) // 2]
    for session in parsed.sessions:
        session.inputs = [item for item in session.inputs if item.text in kept]
    parsed.evaluation.figures[0] = replace(parsed.evaluation.figures[0], value=1)
    parsed.year = truth.year - 1
    # a summary headed «Sesjon 2 – …» read as a second session 2 keeps the first one's leader
    parsed.sessions.append(Session(number=2, title="Statsråd X", leader="X"))
    result = score(truth, parsed)
    assert (result.precision, result.recall) == (1.0, len(kept) / len(truth.inputs))
    assert (result.wrong, result.sessions_right) == (
        ["year", "leader 1", "figure response_rate/overall"],
        False,
    )


def test_inputs_match_across_hyphenation_and_a_misread_letter_but_not_when_cut():
    truth = ["Kommunene må samarbeide tettere med frivillige organisasjoner om norsktrening."]
    assert f1(
        truth, ["Kommunene må sam- arbeide tettere med frivillige organisa-sjoner om norsktrening"]
    ) == (1.0, 1.0, 1.0)
    assert f1(
        truth, ["Kommunene ma samarbeide tettere med frivillige organisasjoner om norsktrenlng."]
    ) == (1.0, 1.0, 1.0)
    assert f1(truth, ["Kommunene må samarbeide tettere med frivillige"]) == (0.0, 0.0, 0.0)


def test_a_figure_for_the_session_each_attended_may_name_every_session():
    truth = next(
        t
        for t in map(make_content, DEV_SEEDS)
        if any(f.subject == "sessions" and not f.sessions for f in t.figures)
    )
    parsed = _perfect(truth)
    every = list(range(1, len(truth.sessions) + 1))
    parsed.evaluation.figures = [
        replace(f, sessions=every) if f.subject == "sessions" else f for f in truth.figures
    ]
    assert score(truth, parsed).wrong == []
    parsed.evaluation.figures = [
        replace(f, sessions=every[:1]) if f.subject == "sessions" else f for f in truth.figures
    ]
    assert score(truth, parsed).wrong == ["figure satisfied/sessions"]


def test_a_corpus_report_laid_out_keeps_its_own_evaluation_figures():
    from benchmarks.variants import content_from_report
    from innspill.documents.structure import parse_document
    from tests.corpus import corpus_file

    parsed = parse_document(corpus_file("2017-integreringskonferansen-rapport.txt"))
    content = content_from_report(parsed, seed=0)
    stated = {(f.measure, f.subject, f.value, f.min, f.max) for f in parsed.evaluation.figures}
    for figure in content.figures:
        if figure.measure == "satisfied" and figure.subject in ("talks", "sessions"):
            ends = (figure.value, figure.min, figure.max)
            assert any(ends == (v, lo, hi) for _m, _s, v, lo, hi in stated), figure
