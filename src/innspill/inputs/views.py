"""Staff pages for importing a report: upload → background reading with progress → preview and correct → save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innspill.accounts.roles import capability_required
from innspill.accounts.second_factor import is_safe_path
from innspill.common.models import Task
from innspill.common.params import message_page
from innspill.common.tasks import task_for_page, task_start
from innspill.documents.errors import DocumentError
from innspill.documents.model import ParsedReport
from innspill.inputs import importing, selectors, services, tasks
from innspill.inputs.forms import (
    InputEditForm,
    InputFilterForm,
    InputHideForm,
    InputMergeForm,
    InputMoveForm,
    ReportPreview,
    ReportUploadForm,
)
from innspill.inputs.models import Input, SourceDocument


@capability_required("inputs.load")
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        draft = importing.draft_store(upload=form.cleaned_data["file"], by=request.user)
        task = task_start(
            kind="import",
            func=tasks.parse_task,
            kwargs={"draft": draft.name},
            by=request.user,
            label=_("Leser %(name)s") % {"name": form.cleaned_data["file"].name},
        )
        return redirect("inputs:import-status", pk=task.pk)
    recent = SourceDocument.objects.order_by("-imported_at")[:10]
    return render(request, "inputs/import_upload.html", {"form": form, "documents": recent})


@capability_required("inputs.load")
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for_page(get_object_or_404(Task, pk=pk, kind="import"))
    preview = reverse("inputs:import-preview", args=[task.pk])
    if task.status == Task.Status.DONE:
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": preview})
        return redirect(preview)
    context = {"task": task, "poll_url": reverse("inputs:import-status", args=[task.pk])}
    if request.htmx:
        return render(request, "common/_task_progress.html", context)
    return render(request, "inputs/import_status.html", context)


def _import_task(pk: int) -> Task:
    return get_object_or_404(Task, pk=pk, kind="import", status=Task.Status.DONE)


def _draft_is_paged(task: Task) -> bool:
    return str(task.result.get("draft", "")).lower().endswith(".pdf")


@capability_required("inputs.load")
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the import will save, with the reader's doubts marked; staff correct, then save."""
    task = _import_task(pk)
    structure = task.result.get("structure") or {}
    preview = ReportPreview(structure, request.POST if request.method == "POST" else None)
    if request.method == "POST" and preview.is_valid():
        corrected = preview.structure()
        try:
            path = importing.draft_path(task.result["draft"])
            result = importing.report_import(
                path=path,
                report=ParsedReport.from_dict(corrected),
                filename=task.label,
                by=request.user,
            )
        except FileNotFoundError:
            messages.error(
                request, _("Den opplastede filen finnes ikke lenger. Last den opp på nytt.")
            )
            return redirect("inputs:import-upload")
        except (DocumentError, importing.ReportImportError) as exc:
            messages.error(request, str(exc))
        else:
            if result.status == "unchanged":
                messages.info(
                    request, _("Denne filen var allerede importert; ingenting ble endret.")
                )
            elif corrected["kind"] == importing.CONFERENCE_REPORT:
                messages.success(
                    request,
                    _("Importert: %(n)s innspill i %(s)s sesjoner.")
                    % {"n": result.inputs, "s": result.sessions},
                )
            else:
                messages.success(request, _("Importert: %(n)s innspill.") % {"n": result.inputs})
            return redirect(reverse("archive:input-list") + f"?year={corrected.get('year') or ''}")
    paged = _draft_is_paged(task)
    return render(
        request,
        "inputs/import_preview.html",
        {
            "task": task,
            "structure": structure,
            "preview": preview,
            "sessions": preview.session_rows(paged=paged),
            "figures": preview.figure_rows(),
            "paged": paged,
            "already": task.result.get("already_imported"),
        },
    )


@capability_required("inputs.load")
def import_page(request: HttpRequest, pk: int, page: int) -> HttpResponse:
    """A page of the uploaded PDF as an image, for the preview; made once, then kept beside the draft."""
    task = _import_task(pk)
    if not _draft_is_paged(task):
        raise Http404(_("Dokumentet har ikke sider."))
    try:
        path = importing.draft_path(task.result["draft"])
        image = importing.draft_page_image(path=path, page=page)
    except (FileNotFoundError, IndexError, DocumentError) as exc:
        raise Http404(_("Fant ikke siden.")) from exc
    response = FileResponse(image.open("rb"), content_type="image/png")
    patch_cache_control(response, private=True)
    return response


def source_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The published report an input was imported from (public documents)."""
    document = get_object_or_404(SourceDocument, pk=pk)
    if not document.file:
        raise Http404(_("Dokumentet er ikke lagret."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        # The row survived but the file did not (a database-only restore, a lost disk).
        return message_page(
            request,
            title=_("Fant ikke filen"),
            message=_("Filen til dokumentet finnes ikke lenger på serveren."),
            status=404,
        )
    return FileResponse(handle, as_attachment=True, filename=document.filename)


@capability_required("inputs.classify")
@require_http_methods(["POST"])
def input_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff correct theme, kind and actors; the correction overrides the model for this input."""
    from innspill.archive.selectors import correction_choices
    from innspill.inputs.models import Actor, Input, Kind, Theme
    from innspill.inputs.services import input_correct as correct

    item = get_object_or_404(Input, pk=pk)
    theme = Theme.objects.filter(key=request.POST.get("theme", "")).first()
    kind = Kind.objects.filter(key=request.POST.get("kind", "")).first()
    actors = Actor.objects.filter(key__in=request.POST.getlist("actors"))
    correct(item=item, theme=theme, kind=kind, actors=actors, by=request.user)
    if request.htmx:
        item.refresh_from_db()
        return render(
            request,
            "archive/_correction.html",
            {"item": item, "correction": correction_choices(item), "saved": True},
        )
    messages.success(request, _("Merkingen er lagret og overstyrer modellen for dette innspillet."))
    return redirect("archive:input-detail", pk=item.pk)


@capability_required("model.train")
@require_http_methods(["GET", "POST"])
def classifier_train_view(request: HttpRequest) -> HttpResponse:
    """Admins retrain the classifier with staff corrections (in the background) and see the scores."""
    from innspill.inputs.classification import model_load, model_path
    from innspill.inputs.models import LabelCorrection

    if request.method == "POST":
        task = task_start(
            kind="train",
            func=tasks.train_task,
            kwargs={"user_id": request.user.pk},
            by=request.user,
            label=_("Trener klassifiseringsmodellen"),
        )
        return redirect("accounts:task-detail", pk=task.pk)
    model, stale = model_load()
    return render(
        request,
        "inputs/classifier_train.html",
        {
            "meta": model.meta,
            "stale": stale,
            "local_model": model_path() is not None and not stale,
            "corrections": LabelCorrection.objects.count(),
            "recent_tasks": Task.objects.filter(kind="train")[:5],
        },
    )


# --- The secretariat's input pages: list, edit, move, hide, merge and the moderation queue -------

STAFF_PAGE_SIZE = 50
MODERATION_PAGE_SIZE = 20


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go back to after an action: a `next` on this site, or `default`."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_safe_path(request, candidate) else default


def _staff_item(pk: int) -> Input:
    try:
        return selectors.input_for_staff(pk)
    except Input.DoesNotExist as exc:
        raise Http404(_("Fant ikke innspillet.")) from exc


@capability_required("inputs.edit")
def input_staff_list(request: HttpRequest) -> HttpResponse:
    form = InputFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.inputs_for_staff(**filters), STAFF_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "inputs/input_staff_list.html",
        {"form": form, "page": page, "querystring": params.urlencode()},
    )


@capability_required("inputs.edit")
@require_http_methods(["GET", "POST"])
def input_staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """An input's text and description, and its move to another session (two forms)."""
    item = _staff_item(pk)
    back = _next_url(request, reverse("inputs:staff-edit", args=[pk]))
    form = InputEditForm(
        initial={
            "text": item.text,
            "group_heading": item.group_heading,
            "organisation_type": item.organisation_type,
            "region": item.region,
        },
        prefix="edit",
    )
    move = InputMoveForm(item=item, prefix="move")
    if request.method == "POST" and "do-move" in request.POST:
        move = InputMoveForm(request.POST, item=item, prefix="move")
        if move.is_valid():
            services.input_move(item=item, session=move.cleaned_data["session"], by=request.user)
            messages.success(
                request,
                _("Innspillet er flyttet til %(session)s.")
                % {"session": move.cleaned_data["session"]},
            )
            return redirect(back)
    elif request.method == "POST":
        form = InputEditForm(request.POST, prefix="edit")
        if form.is_valid():
            services.input_update(item=item, by=request.user, **form.cleaned_data)
            messages.success(request, _("Innspillet er lagret."))
            return redirect(back)
    return render(
        request,
        "inputs/input_staff_edit.html",
        {
            "item": item,
            "form": form,
            "move": move,
            "merged": selectors.merged_into_input(item),
            "next": _next_url(request, ""),
        },
    )


def _moderation_item(request: HttpRequest, item: Input, **extra: Any) -> HttpResponse:
    return render(request, "inputs/_moderation_item.html", {"item": item, **extra})


@capability_required("inputs.edit")
@require_http_methods(["GET", "POST"])
def input_hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first, then hide: GET shows the confirmation (a fragment for htmx), POST hides."""
    item = _staff_item(pk)
    back = _next_url(request, reverse("inputs:staff-edit", args=[pk]))
    form = InputHideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.input_hide(item=item, reason=form.cleaned_data["reason"], by=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect(back)
        if request.htmx:
            item.refresh_from_db()
            return _moderation_item(request, item, done=_("Skjult"))
        messages.success(request, _("Innspillet er skjult og vises ikke lenger i arkivet."))
        return redirect(back)
    template = "inputs/_moderation_hide.html" if request.htmx else "inputs/input_hide.html"
    return render(request, template, {"item": item, "form": form, "next": back})


@capability_required("inputs.edit")
@require_http_methods(["POST"])
def input_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a waiting input, or show a hidden one again."""
    item = _staff_item(pk)
    back = _next_url(request, reverse("inputs:staff-edit", args=[pk]))
    try:
        services.input_publish(item=item, by=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    if request.htmx:
        item.refresh_from_db()
        return _moderation_item(request, item, done=_("Publisert"))
    messages.success(request, _("Innspillet er publisert."))
    return redirect(back)


@capability_required("inputs.edit")
def moderation_item(request: HttpRequest, pk: int) -> HttpResponse:
    """One waiting input as the queue shows it (htmx puts it back when a confirmation is cancelled)."""
    return _moderation_item(request, _staff_item(pk))


@capability_required("inputs.edit")
@require_http_methods(["GET", "POST"])
def input_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the input to merge with, see both side by side, confirm; the merged one keeps its source."""
    item = _staff_item(pk)
    form = InputMergeForm(
        request.POST or None, item=item, initial={"into": request.GET.get("into")}
    )
    if request.method == "POST" and form.is_valid():
        target = form.target
        assert target is not None
        if "confirm" in request.POST:
            try:
                services.input_merge(
                    item=item, into=target, text=form.cleaned_data["text"], by=request.user
                )
            except ValueError as exc:
                messages.error(request, str(exc))
                return redirect("inputs:staff-edit", pk=pk)
            messages.success(
                request,
                _("Innspill nr. %(item)s er slått sammen med nr. %(into)s.")
                % {"item": item.pk, "into": target.pk},
            )
            return redirect("inputs:staff-edit", pk=target.pk)
        return render(
            request,
            "inputs/input_merge_confirm.html",
            {"item": item, "target": selectors.input_for_staff(target.pk), "form": form},
        )
    return render(request, "inputs/input_merge.html", {"item": item, "form": form})


@capability_required("inputs.edit")
def moderation(request: HttpRequest) -> HttpResponse:
    """Inputs waiting for moderation: approve, edit or hide each, from the keyboard."""
    page = Paginator(selectors.moderation_queue(), MODERATION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "inputs/moderation.html", {"page": page, "querystring": "", "queue": True}
    )
