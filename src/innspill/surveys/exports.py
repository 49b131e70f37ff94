"""CSV and XLSX exports: one row per anonymous response, and the statistics per question."""

from __future__ import annotations

from innspill.common.spreadsheet import UI_SEPARATOR, csv_text, xlsx_bytes
from innspill.surveys.choices import INTENT_LABELS, SATISFACTION_LABELS
from innspill.surveys.models import Answer, QuestionKind, Survey
from innspill.surveys.selectors import SurveyStats, survey_questions


def response_rows(survey: Survey) -> list[list[str]]:
    """Header plus one row per response: the week (its Monday) and an answer per question (2 queries)."""
    questions = survey_questions(survey)
    header = ["Uke"] + [q.text for q in questions]
    column = {q.pk: i for i, q in enumerate(questions, start=1)}
    rows: dict[str, list[str]] = {}
    answers = (
        Answer.objects.filter(response__survey=survey)
        .order_by("response__submitted_on", "response_id")
        .values_list(
            "response_id",
            "response__submitted_on",
            "question_id",
            "question__kind",
            "choice",
            "text",
        )
    )
    for response_id, submitted_on, question_id, kind, choice, text in answers:
        row = rows.setdefault(str(response_id), [submitted_on.isoformat()] + [""] * len(questions))
        if kind == QuestionKind.SATISFACTION:
            value = SATISFACTION_LABELS.get(choice, choice)
        elif kind == QuestionKind.INTENT:
            value = INTENT_LABELS.get(choice, choice)
        else:
            value = text
        row[column[question_id]] = value
    return [header, *rows.values()]


def stats_rows(stats: SurveyStats) -> list[list[object]]:
    """Header plus one row per answer option of every scale question."""
    rows: list[list[object]] = [
        ["Spørsmål", "Svar", "Antall", "Prosent", "Svært fornøyd eller fornøyd (%)"]
    ]
    for q in stats.questions:
        for label, count, share in q.distribution:
            rows.append([q.question.text, label, count, share, q.positive_share])
    return rows


def export_csv(survey: Survey, *, sep: str = UI_SEPARATOR) -> str:
    return csv_text(response_rows(survey), sep=sep)


def export_xlsx(survey: Survey, stats: SurveyStats) -> bytes:
    summary: list[list[object]] = [
        ["Inviterte", stats.invited],
        ["Svar", stats.respondents],
        ["Svarprosent", stats.response_rate],
        [],
        *stats_rows(stats),
    ]
    return xlsx_bytes([("Svar", response_rows(survey)), ("Statistikk", summary)])
