"""Staff pages for importing a report: upload → background reading with progress → preview and correct → save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innspill.accounts.roles import capability_required
from innspill.common.models import Task
from innspill.common.params import message_page
from innspill.common.tasks import task_for_page, task_start
from innspill.documents.errors import DocumentError
from innspill.documents.model import ParsedReport
from innspill.inputs import importing, tasks
from innspill.inputs.forms import ReportUploadForm
from innspill.inputs.models import SourceDocument


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


def _structure_from_post(data, original: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the structure from the preview form: renamed sessions, fixed leaders, moved or dropped inputs."""
    structure = dict(original)
    try:
        structure["year"] = int(data.get("year", ""))
    except ValueError:
        structure["year"] = None
    structure["title"] = data.get("title", structure.get("title", "")).strip()
    sessions = []
    for i, session in enumerate(original.get("sessions") or []):
        sessions.append(
            {
                **session,
                "title": data.get(f"s-{i}-title", session.get("title", "")).strip(),
                "leader": data.get(f"s-{i}-leader", session.get("leader") or "").strip() or None,
                "leader_role": data.get(f"s-{i}-role", session.get("leader_role") or "").strip()
                or None,
                "inputs": [],
            }
        )
    position = 0
    for i, session in enumerate(original.get("sessions") or []):
        for item in session.get("inputs") or []:
            key = f"i-{position}"
            position += 1
            if data.get(f"{key}-drop"):
                continue
            try:
                target = int(data.get(f"{key}-session", i))
            except ValueError:
                target = i
            target = target if 0 <= target < len(sessions) else i
            text = data.get(f"{key}-text", item.get("text", "")).strip()
            if text:
                sessions[target]["inputs"].append(
                    {
                        **item,
                        "text": text,
                        "group": data.get(f"{key}-group", item.get("group") or "").strip() or None,
                    }
                )
    structure["sessions"] = sessions
    return structure


@capability_required("inputs.load")
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task, pk=pk, kind="import", status=Task.Status.DONE)
    structure = task.result.get("structure") or {}
    if request.method == "POST":
        corrected = _structure_from_post(request.POST, structure)
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
            structure = corrected
        else:
            if result.status == "unchanged":
                messages.info(
                    request, _("Denne filen var allerede importert; ingenting ble endret.")
                )
            else:
                messages.success(
                    request,
                    _("Importert: %(n)s innspill i %(s)s sesjoner.")
                    % {"n": result.inputs, "s": result.sessions},
                )
            return redirect(reverse("archive:input-list") + f"?year={corrected.get('year') or ''}")
    position = 0
    sessions = []
    for i, session in enumerate(structure.get("sessions") or []):
        items = []
        for item in session.get("inputs") or []:
            items.append({"key": f"i-{position}", "session": i, **item})
            position += 1
        sessions.append({"index": i, **session, "items": items})
    return render(
        request,
        "inputs/import_preview.html",
        {
            "task": task,
            "structure": structure,
            "sessions": sessions,
            "already": task.result.get("already_imported"),
        },
    )


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
    from innspill.inputs.classification import model_path
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
    from innspill.analysis import classifier

    model = classifier.load_model(model_path())
    return render(
        request,
        "inputs/classifier_train.html",
        {
            "meta": model.meta,
            "local_model": model_path() is not None,
            "corrections": LabelCorrection.objects.count(),
            "recent_tasks": Task.objects.filter(kind="train")[:5],
        },
    )
