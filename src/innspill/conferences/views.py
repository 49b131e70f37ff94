"""Program: the public program page, its iCalendar file and the staff editor."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from innspill.accounts.roles import can, capability_required
from innspill.common import clock
from innspill.common.content import Part, TranslationsForm
from innspill.conferences import services
from innspill.conferences.forms import BlockForm, ConferenceForm, SessionForm
from innspill.conferences.ics import program_ics
from innspill.conferences.models import Block, Conference, Session


def _sessions(conference: Conference):
    return (
        Session.objects.filter(conference=conference)
        .select_related("block")
        .order_by("starts_at", "block__position", "number", "id")
    )


def program_rows(sessions) -> list[dict]:
    """Group the program by time slot: parallel sessions of one block share a row."""
    rows: list[dict] = []
    for s in sessions:
        if (
            s.block_id
            and rows
            and rows[-1]["block"] is not None
            and rows[-1]["block"].pk == s.block_id
        ):
            rows[-1]["sessions"].append(s)
            continue
        rows.append(
            {
                "block": s.block if s.block_id else None,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "sessions": [s],
            }
        )
    return rows


def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = Conference.objects.select_related("cycle").order_by("-date", "-cycle__year")
    return render(
        request,
        "conferences/conference_list.html",
        {"conferences": conferences, "can_manage": can(request.user, "conference.manage")},
    )


def program(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference.objects.select_related("cycle"), pk=pk)
    rows = program_rows(_sessions(conference))
    return render(
        request,
        "conferences/program.html",
        {
            "conference": conference,
            "rows": rows,
            "can_manage": can(request.user, "conference.manage"),
        },
    )


def program_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    body = program_ics(
        conference=conference,
        sessions=_sessions(conference),
        host=request.get_host().split(":")[0],
        now=clock.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{conference.pk}.ics"'
    return response


@capability_required("conference.manage")
def conference_create(request: HttpRequest) -> HttpResponse:
    form = ConferenceForm(request.POST or None)
    translations_form = TranslationsForm(
        request.POST or None, parts=[Part("conference", Conference)]
    )
    if request.method == "POST" and form.is_valid() and translations_form.is_valid():
        conference = services.conference_create(
            by=request.user,
            translations=translations_form.translations("conference"),
            **form.cleaned_data,
        )
        return redirect("conferences:edit", pk=conference.pk)
    return render(
        request,
        "conferences/conference_form.html",
        {"form": form, "translations_form": translations_form},
    )


def _conference_parts(conference: Conference, blocks) -> list[Part]:
    """The conference's texts, then each block's title, for the «other languages» form."""
    return [Part("conference", Conference, conference)] + [
        Part(f"block{b.pk}", Block, b, label=b.title) for b in blocks
    ]


@capability_required("conference.manage")
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = ConferenceForm(request.POST or None, instance=conference, prefix="conf")
    block_form = BlockForm(prefix="block")
    blocks = list(conference.blocks.all())
    parts = _conference_parts(conference, blocks)
    translations_form = TranslationsForm(request.POST or None, parts=parts)
    if request.method == "POST":
        if "block-title" in request.POST:
            block_form = BlockForm(request.POST, prefix="block")
            if block_form.is_valid():
                services.block_create(
                    conference=conference, by=request.user, **block_form.cleaned_data
                )
                messages.success(request, _("Parallellblokken er lagt til."))
                return redirect("conferences:edit", pk=pk)
            form = ConferenceForm(instance=conference, prefix="conf")
            translations_form = TranslationsForm(parts=parts)
        elif form.is_valid() and translations_form.is_valid():
            services.conference_update(
                conference=conference,
                by=request.user,
                translations=translations_form.translations("conference"),
                block_translations={
                    b.pk: translations_form.translations(f"block{b.pk}") for b in blocks
                },
                **form.cleaned_data,
            )
            messages.success(request, _("Konferansen er lagret."))
            return redirect("conferences:edit", pk=pk)
    return render(
        request,
        "conferences/edit.html",
        {
            "conference": conference,
            "form": form,
            "block_form": block_form,
            "translations_form": translations_form,
            "rows": program_rows(_sessions(conference)),
            "blocks": blocks,
        },
    )


@capability_required("conference.manage")
def session_edit(request: HttpRequest, pk: int, sid: int | None = None) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    instance = get_object_or_404(Session, pk=sid, conference=conference) if sid else None
    form = SessionForm(request.POST or None, instance=instance, conference=conference)
    translations_form = TranslationsForm(
        request.POST or None, parts=[Part("session", Session, instance)]
    )
    if request.method == "POST":
        if "delete" in request.POST and instance is not None:
            services.session_delete(session=instance, by=request.user)
            messages.success(request, _("Programpunktet er slettet."))
            return redirect("conferences:edit", pk=pk)
        if form.is_valid() and translations_form.is_valid():
            translations = translations_form.translations("session")
            if instance is None:
                services.session_create(
                    conference=conference,
                    by=request.user,
                    translations=translations,
                    **form.cleaned_data,
                )
            else:
                services.session_update(
                    session=instance,
                    by=request.user,
                    translations=translations,
                    **form.cleaned_data,
                )
            messages.success(request, _("Programpunktet er lagret."))
            return redirect("conferences:edit", pk=pk)
    return render(
        request,
        "conferences/session_form.html",
        {
            "conference": conference,
            "form": form,
            "item": instance,
            "translations_form": translations_form,
        },
    )
