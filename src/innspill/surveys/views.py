"""Answering from the one-time link, the staff builder and statistics, and the public summary."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from innspill.accounts.roles import can, capability_required
from innspill.common.content import Part, TranslationsForm
from innspill.common.mail import site_url
from innspill.common.params import pk_or_404
from innspill.common.spreadsheet import (
    CSV_TYPE,
    UI_SEPARATOR,
    XLSX_TYPE,
    SeparatorError,
    csv_separator,
)
from innspill.common.tasks import task_start
from innspill.cycles.models import Cycle
from innspill.documents.render import chart_svg, intent_chart, satisfaction_chart
from innspill.surveys import exports, selectors, services, tasks
from innspill.surveys.choices import COMMENT_CATEGORIES, COMMENT_CATEGORY_LABELS
from innspill.surveys.forms import AnswerForm, QuestionForm, SurveySettingsForm, field_name
from innspill.surveys.models import Answer, Question, QuestionKind, Survey

MANAGE = services.MANAGE
VIEW = "staff.dashboard"
ANSWERS = "surveys.answers"  # comments and per-respondent rows; VIEW alone gives the counts
# fewer answers than this and the public page shows no distribution (small groups identify people)
PUBLIC_MIN_RESPONDENTS = 5


def _base_url(request: HttpRequest) -> str:
    # Links in e-mails are read away from this request: the configured address, not its host.
    return site_url("/")


def _link_error(request: HttpRequest, error: services.SurveyError) -> HttpResponse:
    kind = type(error).__name__
    return render(request, "surveys/link_error.html", {"kind": kind}, status=error.status)


# --- answering ------------------------------------------------------------------------------


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.check_token(token)
    except services.SurveyError as error:
        return _link_error(request, error)
    survey = link.invitation.survey
    questions = services.questions_for(link.invitation)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(token=token, answers=form.answers())
        except services.SurveyError as error:
            return _link_error(request, error)
        return redirect("surveys:thanks")
    groups = _question_groups(form, questions)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "groups": groups,
            "attended": link.invitation.attended,
            "conference": survey.conference,
        },
        status=400 if form.is_bound else 200,
    )


def _question_groups(form: AnswerForm, questions: list[Question]) -> list[tuple[str, list]]:
    """Consecutive questions of the same topic share a heading, as on the paper form."""
    own = [q for q in questions if q.topic == "session" and q.session_id]
    titles = {
        "overall": _("Konferansen"),
        "talk": _("Innleggene"),
        "session": _("Parallellsesjonen din") if len(own) == 1 else _("Parallellsesjonene"),
        "other": _("Neste år og kommentarer"),
    }
    groups: list[tuple[str, list]] = []
    for question in questions:
        title = titles.get(question.topic, "")
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append((question, form[field_name(question)]))
    return groups


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/thanks.html")


# --- public summary -----------------------------------------------------------------------


def _charts(stats: selectors.SurveyStats, prefix: str) -> list[str]:
    satisfaction = {
        q.question.text: {label: n for label, n, _share in q.distribution}
        for q in stats.questions
        if q.question.kind == QuestionKind.SATISFACTION and q.answered
    }
    charts = []
    if satisfaction:
        charts.append(
            chart_svg(
                satisfaction_chart(title=_("Hvor fornøyd var deltakerne?"), questions=satisfaction),
                id_prefix=f"{prefix}-satisfaction",
            )
        )
    intent = stats.intent
    if intent is not None and intent.answered:
        charts.append(
            chart_svg(
                intent_chart(
                    title=intent.question.text,
                    answers={_("Alle svar"): {label: n for label, n, _s in intent.distribution}},
                ),
                id_prefix=f"{prefix}-intent",
            )
        )
    return charts


def _years(
    stats: selectors.SurveyStats | None, *, hide_survey_years: set[int] | None = None
) -> list[selectors.YearFigures]:
    if stats is None or not stats.respondents:
        return selectors.year_figures(hide_survey_years=hide_survey_years)
    live = selectors.stats_year_figures(stats)
    return [
        live,
        *selectors.year_figures(live_year=live.year, hide_survey_years=hide_survey_years),
    ]


def public_summary(request: HttpRequest, year: int) -> HttpResponse:
    """Figures only, once the survey has closed, and only from enough answers that no one's
    answers can be read off them."""
    cycle = get_object_or_404(Cycle, year=year)
    survey = selectors.survey_for_cycle(cycle)
    still_open = survey is not None and services.survey_is_open(survey)
    stats = selectors.survey_stats(survey) if survey is not None and not still_open else None
    shown = stats if stats is not None and stats.respondents >= PUBLIC_MIN_RESPONDENTS else None
    # an open survey's figures stay off the page, also those staff stored in the year table
    years = _years(shown, hide_survey_years=selectors.open_survey_years())
    if survey is None and not years:
        raise Http404(_("Ingen evaluering for dette året."))
    return render(
        request,
        "surveys/public_summary.html",
        {
            "cycle": cycle,
            "survey": survey,
            "still_open": still_open,
            "stats": shown,
            "too_few": stats is not None and shown is None,
            "minimum": PUBLIC_MIN_RESPONDENTS,
            "charts": _charts(shown, "public") if shown is not None else [],
            "years": years,
        },
    )


# --- staff ----------------------------------------------------------------------------------


@capability_required(VIEW)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = list(selectors.survey_list())
    cycles = (
        Cycle.objects.filter(survey__isnull=True).annotate(n=Count("conferences")).order_by("-year")
        if can(request.user, MANAGE)
        else []
    )
    return render(
        request,
        "surveys/survey_list.html",
        {"surveys": surveys, "cycles": cycles, "can_manage": can(request.user, MANAGE)},
    )


@require_POST
@capability_required(MANAGE)
def survey_create(request: HttpRequest) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk_or_404(request.POST.get("cycle")))
    survey = services.survey_create_default(cycle=cycle, by=request.user)
    messages.success(request, _("Spørreskjemaet er laget med standardspørsmålene."))
    return redirect("surveys:builder", pk=survey.pk)


@capability_required(MANAGE)
def builder(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("cycle", "conference"), pk=pk)
    settings_form = SurveySettingsForm(
        request.POST if request.POST.get("action") == "settings" else None, instance=survey
    )
    question_form = QuestionForm(request.POST if request.POST.get("action") == "add" else None)
    questions = selectors.survey_questions(survey)
    translations_form = TranslationsForm(
        settings_form.data if settings_form.is_bound else None,
        parts=[Part("survey", Survey, survey)]
        + [
            Part(f"q{q.pk}", Question, q, label=f"{n}. {q.text}")
            for n, q in enumerate(questions, start=1)
        ],
    )
    if request.method == "POST":
        if settings_form.is_bound and settings_form.is_valid() and translations_form.is_valid():
            data = settings_form.cleaned_data
            services.survey_update(
                survey=survey,
                title=data["title"],
                intro=data["intro"],
                closes_at=data["closes_at"],
                translations=translations_form.translations("survey"),
                question_translations={
                    q.pk: translations_form.translations(f"q{q.pk}") for q in questions
                },
                by=request.user,
            )
            messages.success(request, _("Innstillingene er lagret."))
            return redirect("surveys:builder", pk=survey.pk)
        if question_form.is_bound and question_form.is_valid():
            data = question_form.cleaned_data
            services.question_add(
                survey=survey,
                kind=data["kind"],
                text=data["text"],
                topic=data["topic"],
                required=data["required"],
                by=request.user,
            )
            messages.success(request, _("Spørsmålet er lagt til."))
            return redirect("surveys:builder", pk=survey.pk)
    stats = selectors.survey_list().get(pk=survey.pk)
    return render(
        request,
        "surveys/builder.html",
        {
            "survey": survey,
            "counts": stats,
            "questions": questions,
            "settings_form": settings_form,
            "translations_form": translations_form,
            "question_form": question_form,
            "is_open": services.survey_is_open(survey),
            "may_send": services.survey_may_send(survey),
            "sendable_from": services.survey_sendable_from(survey),
            "audience": selectors.audience_counts(survey),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@capability_required(MANAGE)
def question_move(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=qid, survey_id=pk)
    services.question_move(question=question, up=request.POST.get("up") == "1", by=request.user)
    return redirect("surveys:builder", pk=pk)


@require_POST
@capability_required(MANAGE)
def question_remove(request: HttpRequest, pk: int, qid: int) -> HttpResponse:
    question = get_object_or_404(Question, pk=qid, survey_id=pk)
    services.question_remove(question=question, by=request.user)
    messages.success(request, _("Spørsmålet er fjernet."))
    return redirect("surveys:builder", pk=pk)


@require_POST
@capability_required(MANAGE)
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """Links or reminders go out in the background; the task page shows the progress."""
    survey = get_object_or_404(Survey, pk=pk)
    if not services.survey_is_open(survey):
        messages.error(request, _("Svarfristen er passert. Endre fristen for å sende."))
        return redirect("surveys:builder", pk=pk)
    what = "remind" if request.POST.get("what") == "remind" else "send"
    early_reason = request.POST.get("early_reason", "").strip()[:1000]
    if what == "send" and not services.survey_may_send(survey) and not early_reason:
        messages.error(
            request,
            _("Konferansen er ikke over. Skriv en begrunnelse hvis lenkene skal sendes før."),
        )
        return redirect("surveys:builder", pk=pk)
    task = task_start(
        kind="survey.mail",
        func=tasks.survey_mail_task,
        kwargs={
            "survey_id": survey.pk,
            "what": what,
            "base_url": _base_url(request),
            "user_id": request.user.pk,
            "include_all_registered": request.POST.get("audience") == "registered",
            "early_reason": early_reason,
        },
        by=request.user,
        label=_("Påminnelser") if what == "remind" else _("Lenker til deltakerne"),
    )
    return redirect("accounts:task-detail", pk=task.pk)


@require_POST
@capability_required(MANAGE)
def store_result(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    services.survey_result_store(survey=survey, by=request.user)
    messages.success(request, _("Tallene er lagret i årsoversikten."))
    return redirect("surveys:statistics", pk=pk)


@capability_required(VIEW)
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("cycle", "conference"), pk=pk)
    stats = selectors.survey_stats(survey)
    can_see_answers = can(request.user, ANSWERS)
    comments = [
        (q.question, selectors.survey_comments(survey, q.question))
        for q in stats.questions
        if q.question.kind == QuestionKind.TEXT and can_see_answers
    ]
    return render(
        request,
        "surveys/statistics.html",
        {
            "survey": survey,
            "stats": stats,
            "charts": _charts(stats, "stats"),
            "comments": comments,
            "years": _years(stats),
            "can_manage": can(request.user, MANAGE),
            "categories": COMMENT_CATEGORIES,
            "can_see_answers": can_see_answers,
        },
    )


@require_POST
@capability_required(MANAGE)
def comment_category(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    """The secretariat moves a comment to another evaluation category (or back to the suggested)."""
    answer = get_object_or_404(
        Answer.objects.select_related("question").exclude(text=""), pk=aid, response__survey_id=pk
    )
    category = request.POST.get("category", "")
    if category and category not in COMMENT_CATEGORY_LABELS:
        messages.error(request, _("Ukjent kategori."))
    else:
        services.comment_categorise(answer=answer, category=category, by=request.user)
        messages.success(request, _("Kategorien er endret."))
    return redirect(f"{reverse('surveys:statistics', args=[pk])}#comment-{answer.pk}")


@capability_required(ANSWERS)
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("cycle"), pk=pk)
    name = f"evaluering-{survey.cycle.year}"
    if fmt == "csv":
        try:
            sep = csv_separator(request.GET.get("sep"), default=UI_SEPARATOR)
        except SeparatorError:
            return HttpResponseBadRequest(_("Ukjent skilletegn («sep»)."))
        response = HttpResponse(exports.export_csv(survey, sep=sep), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.export_xlsx(survey, selectors.survey_stats(survey)), content_type=XLSX_TYPE
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
