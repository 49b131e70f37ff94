"""Stored evaluation figures: the one write path, the database's check, the old lists migrated."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from innspill.cycles.models import Cycle, EvaluationResult, FigureMeasure, FigureSubject
from innspill.cycles.services import evaluation_result_store
from innspill.documents.figures import MEASURES, SUBJECTS, FigureError
from innspill.documents.model import Figure

BLANK = {"value": None, "min": None, "max": None, "sessions": [], "label": "", "page": None}


def _figure(measure, subject="overall", **given):
    return {**BLANK, "measure": measure, "subject": subject, "qualifier": "", **given}


def test_the_choices_offered_to_staff_are_the_documents_vocabulary():
    assert (tuple(FigureMeasure.values), tuple(FigureSubject.values)) == (MEASURES, SUBJECTS)


def test_storing_again_replaces_the_sources_figures(db):
    cycle = Cycle.objects.create(year=2014, title="Konferansen")
    first = evaluation_result_store(
        cycle=cycle, source="import:a", figures=[Figure("satisfied", value=80)]
    )
    again = evaluation_result_store(
        cycle=cycle,
        source="import:a",
        figures=[Figure("satisfied", "talks", min=55, max=90)],
        suggestions=["Mer tid."],
    )
    assert first.pk == again.pk
    again.refresh_from_db()
    assert (again.figures, again.satisfied_overall, again.suggestions) == (
        [_figure("satisfied", "talks", min=55, max=90)],
        None,  # a range over the talks is no overall figure
        ["Mer tid."],
    )


def test_a_bad_figure_is_refused_before_anything_is_written(db):
    cycle = Cycle.objects.create(year=2014, title="Konferansen")
    with pytest.raises(FigureError, match="tall 2: spennet må gå fra lavt til høyt"):
        evaluation_result_store(
            cycle=cycle,
            source="import:a",
            figures=[Figure("satisfied", value=80), {"measure": "satisfied", "min": 9, "max": 5}],
        )
    assert EvaluationResult.objects.count() == 0


def test_clean_names_the_bad_figure(db):
    cycle = Cycle.objects.create(year=2014, title="Konferansen")
    row = EvaluationResult(cycle=cycle, figures=[{"measure": "satisfied", "value": 140}])
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert raised.value.message_dict == {
        "figures": ["tall 1: verdien må ligge mellom 0 og 100 (er 140)"]
    }


@pytest.mark.parametrize("stored", [{"measure": "satisfied"}, 76, "76 %"])
def test_the_database_keeps_figures_a_list(db, stored):
    cycle = Cycle.objects.create(year=2014, title="Konferansen")
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationResult.objects.create(cycle=cycle, figures=stored)


@pytest.mark.django_db(transaction=True)
def test_migration_turns_the_old_lists_into_figures_as_they_were_meant():
    executor = MigrationExecutor(connection)
    before = [("cycles", "0004_meeting_municipality_and_attendance")]
    after = [("cycles", "0005_evaluation_figures_as_stated")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    cycles = old.get_model("cycles", "Cycle").objects
    rows = old.get_model("cycles", "EvaluationResult").objects
    year = iter(range(2010, 2020))
    # an import of «mellom 73 og 92 %» (or of two figures in one sentence: the same list)
    rows.create(
        cycle=cycles.create(year=next(year), title="a"),
        source="import:62ab8a973362",
        response_rate=40.0,
        satisfied_overall=92.0,
        satisfied_plenary=[73, 92],
        satisfied_sessions=[76],
        would_attend_next_year=90.0,
    )
    # an import that listed a figure per talk
    rows.create(
        cycle=cycles.create(year=next(year), title="b"),
        source="import",
        satisfied_plenary=[73, 80, 88],
    )
    # our own survey: one share per question, two talks and two sessions
    rows.create(
        cycle=cycles.create(year=next(year), title="c"),
        source="survey",
        satisfied_plenary=[100.0, 0.0],
        satisfied_sessions=[66.7, 66.7],
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    figures = [
        row.figures
        for row in new.get_model("cycles", "EvaluationResult").objects.order_by("cycle__year")
    ]
    assert figures == [
        [
            _figure("response_rate", value=40),
            _figure("satisfied", value=92),
            _figure("attend_next_year", value=90),
            _figure("satisfied", "talks", min=73, max=92),
            _figure("satisfied", "sessions", value=76),
        ],
        [_figure("satisfied", "talk", value=v) for v in (73, 80, 88)],
        [
            _figure("satisfied", "talk", value=100),
            _figure("satisfied", "talk", value=0),
            _figure("satisfied", "session", value=66.7),
            _figure("satisfied", "session", value=66.7),
        ],
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
