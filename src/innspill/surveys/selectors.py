"""Reads for the evaluation survey: counts per question, the report's Evaluation, statistics."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from innspill.common import clock
from innspill.cycles.models import Cycle, EvaluationResult
from innspill.documents.render import Evaluation
from innspill.surveys.choices import (
    COMMENT_CATEGORIES,
    INTENT_CHOICES,
    INTENT_LABELS,
    POSITIVE_KEYS,
    SATISFACTION_CHOICES,
)
from innspill.surveys.models import (
    Answer,
    Question,
    QuestionKind,
    QuestionTopic,
    Response,
    Survey,
    SurveyInvitation,
    SurveyLink,
)


def survey_for_cycle(cycle: Cycle) -> Survey | None:
    return Survey.objects.filter(cycle=cycle).select_related("cycle", "conference").first()


def survey_list() -> QuerySet[Survey]:
    """Surveys with their counts, newest cycle first (one query)."""
    return (
        Survey.objects.select_related("cycle", "conference")
        .annotate(
            invited_count=Count("invitations", distinct=True),
            spent_count=Count("invitations", filter=Q(invitations__spent=True), distinct=True),
            response_count=Count("responses", distinct=True),
        )
        .order_by("-cycle__year")
    )


def audience_counts(survey: Survey) -> dict[str, int]:
    """How many the links would go to: those checked in, and everyone confirmed (one query)."""
    from innspill.registrations.models import Registration

    if survey.conference_id is None:
        return {"checked_in": 0, "registered": 0}
    return Registration.objects.filter(
        conference_id=survey.conference_id, status=Registration.Status.CONFIRMED
    ).aggregate(
        checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
        registered=Count("id"),
    )


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "id"))


def link_for_token_hash(token_hash: str) -> SurveyLink | None:
    return (
        SurveyLink.objects.select_related("invitation__survey__cycle")
        .filter(token_hash=token_hash)
        .first()
    )


def survey_counts(survey: Survey) -> dict[int, Counter[str]]:
    """Per question id, how many answers each choice got (one query)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        Answer.objects.filter(response__survey=survey)
        .exclude(choice="")
        .values_list("question_id", "choice")
        .annotate(n=Count("id"))
    )
    for question_id, choice, n in rows:
        counts[question_id][choice] += n
    return counts


def survey_texts(survey: Survey) -> dict[int, list[str]]:
    """Per question id, the free-text answers (one query)."""
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        Answer.objects.filter(response__survey=survey)
        .exclude(text="")
        .order_by("question_id", "id")
        .values_list("question_id", "text")
    )
    for question_id, text in rows:
        texts[question_id].append(text.strip())
    return texts


def survey_evaluation(cycle: Cycle) -> Evaluation | None:
    """The cycle's survey as the report's counts; None without a survey or responses."""
    survey = survey_for_cycle(cycle)
    if survey is None:
        return None
    respondents = Response.objects.filter(survey=survey).count()
    if not respondents:
        return None
    questions = survey_questions(survey)
    counts = survey_counts(survey)
    texts = survey_texts(survey)
    satisfaction: dict[str, dict[str, int]] = {}
    talk_questions: list[str] = []
    session_questions: list[str] = []
    intent: dict[str, int] = {}
    suggestions: list[str] = []
    # the report reads the first satisfaction question as the overall one
    ordered = sorted(questions, key=lambda q: (q.topic != QuestionTopic.OVERALL, q.position, q.id))
    for question in ordered:
        if question.kind == QuestionKind.SATISFACTION:
            text = question.text
            if text in satisfaction:  # two questions with the same text: keep both apart
                text = f"{text} ({question.position})"
            got = counts.get(question.id, Counter())
            satisfaction[text] = {label: got[key] for key, label in SATISFACTION_CHOICES}
            if question.topic == QuestionTopic.TALK:
                talk_questions.append(text)
            elif question.topic == QuestionTopic.SESSION:
                session_questions.append(text)
        elif question.kind == QuestionKind.INTENT and not intent:
            got = counts.get(question.id, Counter())
            intent = {label: got[key] for key, label in INTENT_CHOICES}
        elif question.kind == QuestionKind.TEXT:
            suggestions.extend(texts.get(question.id, []))
    return Evaluation(
        respondents=respondents,
        invited=SurveyInvitation.objects.filter(survey=survey).count(),
        satisfaction=satisfaction,
        intent=intent,
        suggestions=suggestions,
        talk_questions=talk_questions,
        session_questions=session_questions,
    )


# --- statistics ---------------------------------------------------------------------------


def percent(part: int, whole: int) -> float | None:
    """Share in percent with one decimal; None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class QuestionStats:
    question: Question
    answered: int
    distribution: list[tuple[str, int, float | None]]  # (label, count, percent)
    positive_share: float | None = None  # «svært fornøyd» or «fornøyd», satisfaction only


@dataclass
class YearFigures:
    """One row of the year-by-year table: our own survey or imported figures."""

    year: int
    source: str
    invited: int | None
    respondents: int | None
    response_rate: float | None
    satisfied_overall: float | None
    would_attend_next_year: float | None
    maybe_next_year: float | None
    source_label: str = ""


@dataclass
class SurveyStats:
    survey: Survey
    invited: int
    spent: int
    respondents: int
    response_rate: float | None
    questions: list[QuestionStats] = field(default_factory=list)
    texts: dict[int, list[str]] = field(default_factory=dict)

    @property
    def overall(self) -> QuestionStats | None:
        for stats in self.questions:
            if stats.question.kind == QuestionKind.SATISFACTION:
                return stats
        return None

    @property
    def tables(self) -> list[tuple[str, str, list[str], list[QuestionStats]]]:
        """(kind, caption, answer labels, rows): one table per scale, for the pages."""
        out = []
        for kind, caption, choices in (
            (QuestionKind.SATISFACTION, _("Hvor fornøyd deltakerne var"), SATISFACTION_CHOICES),
            (QuestionKind.INTENT, _("Ja, kanskje eller nei"), INTENT_CHOICES),
        ):
            rows = [q for q in self.questions if q.question.kind == kind]
            if rows:
                out.append((str(kind), str(caption), [label for _k, label in choices], rows))
        return out

    @property
    def intent(self) -> QuestionStats | None:
        for stats in self.questions:
            if stats.question.kind == QuestionKind.INTENT:
                return stats
        return None


def survey_stats(survey: Survey) -> SurveyStats:
    """Response rate and the distribution of every question, computed from the counts."""
    invited = SurveyInvitation.objects.filter(survey=survey).count()
    spent = SurveyInvitation.objects.filter(survey=survey, spent=True).count()
    respondents = Response.objects.filter(survey=survey).count()
    counts = survey_counts(survey)
    rows: list[QuestionStats] = []
    for question in survey_questions(survey):
        got = counts.get(question.id, Counter())
        if question.kind == QuestionKind.SATISFACTION:
            choices = SATISFACTION_CHOICES
        elif question.kind == QuestionKind.INTENT:
            choices = INTENT_CHOICES
        else:
            rows.append(QuestionStats(question=question, answered=0, distribution=[]))
            continue
        answered = sum(got[key] for key, _label in choices)
        distribution = [(label, got[key], percent(got[key], answered)) for key, label in choices]
        positive = None
        if question.kind == QuestionKind.SATISFACTION:
            positive = percent(sum(got[k] for k in POSITIVE_KEYS), answered)
        rows.append(
            QuestionStats(
                question=question,
                answered=answered,
                distribution=distribution,
                positive_share=positive,
            )
        )
    texts = survey_texts(survey)
    for stats in rows:
        if stats.question.kind == QuestionKind.TEXT:
            stats.answered = len(texts.get(stats.question.id, []))
    return SurveyStats(
        survey=survey,
        invited=invited,
        spent=spent,
        respondents=respondents,
        response_rate=percent(respondents, invited),
        questions=rows,
        texts=texts,
    )


def stats_year_figures(stats: SurveyStats) -> YearFigures:
    overall = stats.overall
    intent = stats.intent
    intent_shares = {label: share for label, _n, share in intent.distribution} if intent else {}
    return YearFigures(
        year=stats.survey.cycle.year,
        source="survey",
        invited=stats.invited,
        respondents=stats.respondents,
        response_rate=stats.response_rate,
        satisfied_overall=overall.positive_share if overall else None,
        would_attend_next_year=intent_shares.get(INTENT_LABELS["ja"]),
        maybe_next_year=intent_shares.get(INTENT_LABELS["kanskje"]),
        source_label=_("Egen evaluering"),
    )


def _source_rank(source: str) -> int:
    """Which stored row speaks for a year: our own survey, then a report's figures, then the rest."""
    if source == "survey":
        return 0
    if source.startswith("import:"):
        return 1
    if source == "import":
        return 2
    return 3


def _source_labels(sources: set[str]) -> dict[str, str]:
    """A readable name per stored source: «import:62ab8a973362» is the report it came from."""
    from innspill.inputs.models import SourceDocument

    labels = {
        "survey": _("Egen evaluering"),
        "import": _("Publisert rapport"),
        "demo": _("Demodata"),
    }
    prefixes = {s.split(":", 1)[1] for s in sources if s.startswith("import:")}
    documents = {}
    if prefixes:
        query = Q()
        for prefix in prefixes:
            query |= Q(sha256__startswith=prefix)
        for sha, title, filename in SourceDocument.objects.filter(query).values_list(
            "sha256", "title", "filename"
        ):
            documents[sha[:12]] = title or filename
    out = {}
    for source in sources:
        if source.startswith("import:"):
            name = documents.get(source.split(":", 1)[1])
            out[source] = (
                _("Publisert rapport: %(name)s") % {"name": name} if name else str(labels["import"])
            )
        else:
            out[source] = str(labels.get(source, source))
    return out


def open_survey_years() -> set[int]:
    """Years whose own survey still takes answers: their figures are not public yet."""
    now = clock.now()
    return set(
        Survey.objects.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now)).values_list(
            "cycle__year", flat=True
        )
    )


def year_figures(
    *, live_year: int | None = None, hide_survey_years: set[int] | None = None
) -> list[YearFigures]:
    """Stored evaluation figures, one row per year (newest first) with a readable source.

    A year with our own survey and an imported report (or two imports of it) shows one row: our
    own figures first, then a report's. The stored copy of `live_year`'s own survey is left
    out (the page shows the live figures), and so are the own figures of `hide_survey_years`.
    """
    hidden = set(hide_survey_years or ())
    if live_year is not None:
        hidden.add(live_year)
    best: dict[int, EvaluationResult] = {}
    results = EvaluationResult.objects.select_related("cycle").order_by("-cycle__year", "source")
    for result in results:
        year = result.cycle.year
        if year == live_year or (result.source == "survey" and year in hidden):
            continue
        kept = best.get(year)
        if kept is None or _source_rank(result.source) < _source_rank(kept.source):
            best[year] = result
    labels = _source_labels({r.source for r in best.values()})
    return [
        YearFigures(
            year=result.cycle.year,
            source=result.source,
            invited=result.invited,
            respondents=result.respondents,
            response_rate=result.response_rate,
            satisfied_overall=result.satisfied_overall,
            would_attend_next_year=result.would_attend_next_year,
            maybe_next_year=result.maybe_next_year,
            source_label=labels[result.source],
        )
        for result in sorted(best.values(), key=lambda r: -r.cycle.year)
    ]


@dataclass
class Comment:
    answer_id: int
    text: str
    category: str  # as shown: the secretariat's correction, else the lexicon's
    suggested: str  # the lexicon's
    corrected: bool


def survey_comments(survey: Survey, question: Question) -> list[tuple[str, str, list[Comment]]]:
    """A text question's comments grouped by evaluation category: (key, label, comments) in the
    categories' order, empty ones left out (one query)."""
    from innspill.analysis.feedback import categorise

    rows = (
        Answer.objects.filter(response__survey=survey, question=question)
        .exclude(text="")
        .order_by("id")
        .values_list("id", "text", "category")
    )
    groups: dict[str, list[Comment]] = defaultdict(list)
    for answer_id, text, corrected in rows:
        suggested = categorise(text).category
        groups[corrected or suggested].append(
            Comment(
                answer_id=answer_id,
                text=text.strip(),
                category=corrected or suggested,
                suggested=suggested,
                corrected=bool(corrected),
            )
        )
    return [(key, str(label), groups[key]) for key, label in COMMENT_CATEGORIES if groups[key]]


__all__ = [
    "QuestionStats",
    "SurveyStats",
    "YearFigures",
    "Comment",
    "audience_counts",
    "open_survey_years",
    "survey_comments",
    "link_for_token_hash",
    "percent",
    "stats_year_figures",
    "survey_counts",
    "survey_evaluation",
    "survey_for_cycle",
    "survey_list",
    "survey_questions",
    "survey_stats",
    "survey_texts",
    "year_figures",
]
