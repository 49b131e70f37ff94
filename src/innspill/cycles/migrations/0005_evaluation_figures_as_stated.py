"""Evaluation figures as the source states them: the lists `satisfied_plenary` and
`satisfied_sessions` become `figures`, with the overall percentages beside them as figures too.

Which list shapes meant what, by source:
- our own survey ("survey") stored one share per talk or session question, so each value
  stays one talk's or one session's figure (unnamed: the list did not keep which question);
- a report's import ("import", "import:<sha>", and the demo) stored `[low, high]` when the
  report gave a range («mellom 73 og 92 %») and the same shape when one sentence happened to
  give two figures; the two cannot be told apart, so two values become a range, which claims
  no more than either reading. One value was a figure for the talks or the sessions together;
  three or more were listed one per talk or session, again without their names.
"""

from django.db import migrations, models

import django.db.models.lookups
import innspill.cycles.models

SCALARS = (
    ("response_rate", "response_rate"),
    ("satisfied", "satisfied_overall"),
    ("attend_next_year", "would_attend_next_year"),
    ("maybe_next_year", "maybe_next_year"),
)


def _figure(measure, subject="overall", value=None, low=None, high=None):
    return {
        "measure": measure, "subject": subject, "value": value, "min": low, "max": high,
        "sessions": [], "label": "", "page": None, "qualifier": "",
    }


def _percent(value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _listed(values, one, each, per_item):
    values = [v for v in (_percent(v) for v in values or []) if v is not None]
    if per_item or len(values) > 2:
        return [_figure("satisfied", each, value) for value in values]
    if len(values) == 1:
        return [_figure("satisfied", one, values[0])]
    if len(values) == 2 and min(values) != max(values):
        return [_figure("satisfied", one, low=min(values), high=max(values))]
    if len(values) == 2:
        return [_figure("satisfied", one, values[0])]
    return []


def figures_from_lists(row):
    figures = [
        _figure(measure, value=_percent(getattr(row, field)))
        for measure, field in SCALARS
        if _percent(getattr(row, field)) is not None
    ]
    per_item = row.source == "survey"
    figures += _listed(row.satisfied_plenary, "talks", "talk", per_item)
    figures += _listed(row.satisfied_sessions, "sessions", "session", per_item)
    return figures


def forward(apps, schema_editor):
    for name in ("EvaluationResult", "HistoricalEvaluationResult"):
        model = apps.get_model("cycles", name)
        for row in model.objects.all().iterator():
            row.figures = figures_from_lists(row)
            row.save(update_fields=["figures"])


def backward(apps, schema_editor):
    """The lists again, as the old code read them: a range as [low, high], talks then sessions."""
    for name in ("EvaluationResult", "HistoricalEvaluationResult"):
        model = apps.get_model("cycles", name)
        for row in model.objects.all().iterator():
            lists = {"plenary": [], "sessions": []}
            for figure in row.figures or []:
                if figure.get("measure") != "satisfied" or figure.get("subject") == "overall":
                    continue
                key = "sessions" if figure.get("subject") in ("session", "sessions") else "plenary"
                if figure.get("value") is not None:
                    lists[key].append(figure["value"])
                else:
                    lists[key] += [figure["min"], figure["max"]]
            row.satisfied_plenary = lists["plenary"]
            row.satisfied_sessions = lists["sessions"]
            row.save(update_fields=["satisfied_plenary", "satisfied_sessions"])


class Migration(migrations.Migration):

    dependencies = [
        ("cycles", "0004_meeting_municipality_and_attendance"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationresult",
            name="figures",
            field=models.JSONField(
                blank=True, default=list, verbose_name="tall slik kilden oppgir dem"
            ),
        ),
        migrations.AddField(
            model_name="historicalevaluationresult",
            name="figures",
            field=models.JSONField(
                blank=True, default=list, verbose_name="tall slik kilden oppgir dem"
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="evaluationresult", name="satisfied_plenary"),
        migrations.RemoveField(model_name="evaluationresult", name="satisfied_sessions"),
        migrations.RemoveField(model_name="historicalevaluationresult", name="satisfied_plenary"),
        migrations.RemoveField(model_name="historicalevaluationresult", name="satisfied_sessions"),
        migrations.AddConstraint(
            model_name="evaluationresult",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    innspill.cycles.models.JSONType("figures"), "array"
                ),
                name="evaluation_figures_list",
            ),
        ),
    ]
