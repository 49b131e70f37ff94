"""Answering from the organisation's personal link, and the secretariat's pages for a round."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from innspill.accounts.roles import capability_required
from innspill.common.content import Part, TranslationsForm
from innspill.cycles.models import QuestionRound
from innspill.organisations.models import Organisation
from innspill.rounds import selectors, services
from innspill.rounds.forms import (
    AnswerForm,
    PhoneForm,
    RecipientsUploadForm,
    RegistryFilterForm,
    RoundForm,
    RoundSettingsForm,
)
from innspill.rounds.models import Recipient, RoundQuestion
from innspill.rounds.rules import MANAGE


def _base_url(request: HttpRequest) -> str:
    """The site's configured address, never the one this request came in on (issue 17.3)."""
    return services.site_url()


# --- answering -------------------------------------------------------------------------------


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The organisation's form: save a draft, submit, and edit again until the round closes."""
    try:
        recipient = services.recipient_for_token(token)
    except services.RoundError as error:
        return render(request, "rounds/link_error.html", {"kind": "unknown"}, status=error.status)
    return _answer_page(request, recipient, staff=False)


def _answer_page(request: HttpRequest, recipient: Recipient, *, staff: bool) -> HttpResponse:
    question_round = recipient.round
    questions = selectors.round_questions(question_round)
    answers = selectors.recipient_answers(recipient)
    is_open = services.round_is_open(question_round)
    if not staff and request.method == "GET":
        services.recipient_open(recipient=recipient)
    if not is_open:
        return render(
            request,
            "rounds/closed.html",
            {
                "round": question_round,
                "recipient": recipient,
                "answers": answers,
                "questions": questions,
            },
            status=410,
        )
    form = AnswerForm(
        request.POST if request.method == "POST" else None, questions=questions, answers=answers
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.answers_save(
                recipient=recipient,
                answers=form.answers(),
                submit=submit,
                by=request.user if staff else None,
            )
        except services.RoundClosed:
            return redirect(request.path)
        if submit:
            messages.success(
                request,
                _("Takk! Svarene er sendt inn. Dere kan endre dem til svarfristen går ut."),
            )
        else:
            messages.success(request, _("Utkastet er lagret. Det er ikke sendt inn ennå."))
        if staff:
            return redirect("rounds:detail", pk=question_round.pk)
        return redirect(request.path)
    return render(
        request,
        "rounds/answer.html",
        {
            "round": question_round,
            "recipient": recipient,
            "form": form,
            "fields": form.bound(),
            "staff": staff,
        },
        status=400 if form.is_bound else 200,
    )


# --- staff -----------------------------------------------------------------------------------


@capability_required(MANAGE)
def round_list(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question_round = services.round_create(
                cycle=data["cycle"],
                title=data["title"],
                questions=form.question_list(),
                intro=data["intro"],
                closes_at=data["closes_at"],
                by=request.user,
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Runden er laget. Velg mottakere."))
            return redirect("rounds:detail", pk=question_round.pk)
    return render(
        request,
        "rounds/round_list.html",
        {"rounds": list(selectors.rounds_list()), "form": form},
        status=400 if form.is_bound else 200,
    )


@capability_required(MANAGE)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round live: the contacted/answered table, every recipient's dates, the actions."""
    question_round = get_object_or_404(QuestionRound.objects.select_related("cycle"), pk=pk)
    recipients = selectors.round_recipients(question_round)
    table = selectors.contacted_answered(recipients)
    filter_form = RegistryFilterForm(request.GET or None)
    candidates: list[Organisation] = []
    if filter_form.is_bound and filter_form.is_valid():
        data = filter_form.cleaned_data
        candidates = selectors.organisations_matching(
            types=data["type"],
            regions=data["region"],
            participation=data["participation"],
            exclude_round=question_round,
        )
    questions = selectors.round_questions(question_round)
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": question_round,
            "is_open": services.round_is_open(question_round),
            "questions": questions,
            "recipients": recipients,
            "table": table,
            "total_contacted": sum(row.contacted for row in table),
            "total_answered": sum(row.answered for row in table),
            "status_counts": selectors.status_counts(recipients),
            "filter_form": filter_form,
            "candidates": candidates,
            "upload_form": RecipientsUploadForm(),
            "settings_form": RoundSettingsForm(instance=question_round),
            "translations_form": TranslationsForm(parts=_round_parts(question_round, questions)),
            "unsent": sum(1 for r in recipients if not r.sent_at and r.email),
            "unanswered": sum(1 for r in recipients if r.sent_at and not r.answered_at),
        },
    )


@require_POST
@capability_required(MANAGE)
def recipients_add(request: HttpRequest, pk: int) -> HttpResponse:
    question_round = get_object_or_404(QuestionRound, pk=pk)
    ids = [int(v) for v in request.POST.getlist("organisation") if v.isdigit()]
    organisations = selectors.organisations_with_email(ids)
    added = services.recipients_add(
        question_round=question_round, organisations=organisations, by=request.user
    )
    messages.success(request, _("%(n)d mottakere lagt til.") % {"n": added})
    return redirect("rounds:detail", pk=pk)


@require_POST
@capability_required(MANAGE)
def recipients_import(request: HttpRequest, pk: int) -> HttpResponse:
    question_round = get_object_or_404(QuestionRound, pk=pk)
    form = RecipientsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Velg en CSV-fil."))
        return redirect("rounds:detail", pk=pk)
    try:
        text = form.cleaned_data["file"].read().decode("utf-8-sig")
        added = services.recipients_import(
            question_round=question_round, text=text, by=request.user
        )
    except UnicodeDecodeError:
        messages.error(request, _("Filen må være UTF-8."))
    except services.RecipientsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)d mottakere lagt til.") % {"n": added})
    return redirect("rounds:detail", pk=pk)


def _round_parts(question_round: QuestionRound, questions: list[RoundQuestion]) -> list[Part]:
    """The round's title and introduction, then each question, for the «other languages» form."""
    return [Part("round", QuestionRound, question_round)] + [
        Part(f"q{q.pk}", RoundQuestion, q, label=f"{q.position}. {q.text}") for q in questions
    ]


@require_POST
@capability_required(MANAGE)
def round_update(request: HttpRequest, pk: int) -> HttpResponse:
    question_round = get_object_or_404(QuestionRound, pk=pk)
    form = RoundSettingsForm(request.POST, instance=QuestionRound.objects.get(pk=pk))
    parts = _round_parts(question_round, selectors.round_questions(question_round))
    translations_form = TranslationsForm(request.POST, parts=parts)
    if form.is_valid() and translations_form.is_valid():
        services.round_update(
            question_round=question_round,
            intro=form.cleaned_data["intro"],
            closes_at=form.cleaned_data["closes_at"],
            translations=translations_form.translations("round"),
            question_translations={
                int(p.key[1:]): translations_form.translations(p.key) for p in parts[1:]
            },
            by=request.user,
        )
        messages.success(request, _("Innstillingene er lagret."))
    else:
        messages.error(request, _("Sjekk svarfristen."))
    return redirect("rounds:detail", pk=pk)


@require_POST
@capability_required(MANAGE)
def round_send(request: HttpRequest, pk: int) -> HttpResponse:
    question_round = get_object_or_404(QuestionRound, pk=pk)
    try:
        sent = services.round_send(
            question_round=question_round, base_url=_base_url(request), by=request.user
        )
    except services.RoundClosed:
        messages.error(request, _("Svarfristen er passert."))
    else:
        messages.success(request, _("Sendt til %(n)d organisasjoner.") % {"n": len(sent)})
    return redirect("rounds:detail", pk=pk)


@require_POST
@capability_required(MANAGE)
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    question_round = get_object_or_404(QuestionRound, pk=pk)
    try:
        n = services.round_remind(
            question_round=question_round, base_url=_base_url(request), by=request.user
        )
    except services.RoundClosed:
        messages.error(request, _("Svarfristen er passert."))
    else:
        messages.success(request, _("Påminnelse sendt til %(n)d organisasjoner.") % {"n": n})
    return redirect("rounds:detail", pk=pk)


@require_POST
@capability_required(MANAGE)
def recipient_phone(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    question_round = get_object_or_404(QuestionRound, pk=pk)
    recipient = get_object_or_404(Recipient, round=question_round, pk=recipient_id)
    form = PhoneForm(request.POST)
    if form.is_valid():
        services.recipient_phone_log(
            recipient=recipient, note=form.cleaned_data["note"], by=request.user
        )
        messages.success(
            request, _("Samtalen med %(name)s er notert.") % {"name": recipient.organisation.name}
        )
    return redirect(reverse("rounds:detail", args=[pk]) + f"#r{recipient.pk}")


@capability_required(MANAGE)
def recipient_answer(request: HttpRequest, pk: int, recipient_id: int) -> HttpResponse:
    """Staff type in an answer taken by phone, on the organisation's behalf."""
    question_round = get_object_or_404(QuestionRound, pk=pk)
    try:
        recipient = selectors.recipient_get(question_round, recipient_id)
    except Recipient.DoesNotExist:
        return render(request, "rounds/link_error.html", {"kind": "unknown"}, status=404)
    return _answer_page(request, recipient, staff=True)
