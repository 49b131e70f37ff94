"""Report pages: published reports for everyone; drafting, editing and publishing for staff."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.accounts.roles import can, capability_required
from innspill.common.models import Task
from innspill.common.tasks import task_for_page
from innspill.documents import render as r
from innspill.reports import selectors, services
from innspill.reports.forms import DraftForm, EditForm, PublishForm
from innspill.reports.models import Report, ReportVersion

DOWNLOAD_NAMES: dict[str, str] = {
    "conference": "konferanserapport",
    "input": "innspillsrapport",
}


def stylesheet(request: HttpRequest) -> HttpResponse:
    """The report stylesheet as a file: the strict CSP allows no <style>."""
    response = HttpResponse(r.REPORT_CSS, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/report_list.html", {"cycles": selectors.published_cycles()})


def _version_or_404(
    year: int, report_type: str, version: int | None = None, output_format: str = "html"
) -> ReportVersion:
    try:
        return selectors.published_version(
            year=year, report_type=report_type, version=version, output_format=output_format
        )
    except ReportVersion.DoesNotExist:
        raise Http404(_("Rapporten er ikke publisert.")) from None


def report_detail(request: HttpRequest, year: int, report_type: str) -> HttpResponse:
    """The newest published version's web page, byte for byte as published."""
    version = _version_or_404(year, report_type)
    return HttpResponse(version.file("html"), content_type=r.RENDERERS["html"].content_type)


def version_download(
    request: HttpRequest, year: int, report_type: str, version: int, fmt: str
) -> HttpResponse:
    if fmt not in r.RENDERERS:
        raise Http404(_("Ukjent format."))
    found = _version_or_404(year, report_type, version, output_format=fmt)
    renderer = r.RENDERERS[fmt]
    response = HttpResponse(found.file(fmt), content_type=renderer.content_type)
    name = f"{DOWNLOAD_NAMES.get(report_type, 'rapport')}-{year}-v{version}.{renderer.extension}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["X-Content-SHA256"] = getattr(found, f"{fmt}_sha256")
    return response


@capability_required("reports.edit")
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/staff_list.html",
        {"cycles": selectors.staff_cycles(), "form": DraftForm()},
    )


@require_POST
@capability_required("reports.edit")
def staff_draft(request: HttpRequest) -> HttpResponse:
    form = DraftForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "reports/staff_list.html",
            {"cycles": selectors.staff_cycles(), "form": form},
            status=400,
        )
    cycle, report_type = form.cleaned_data["cycle"], form.cleaned_data["report_type"]
    existing = Report.objects.filter(cycle=cycle, report_type=report_type).first()
    if existing is not None and not form.cleaned_data["replace"]:
        messages.info(request, _("Rapporten har allerede et utkast; her kan du redigere det."))
        return redirect("reports:staff-detail", existing.pk)
    report = services.report_draft(cycle=cycle, report_type=report_type, by=request.user)
    messages.success(request, _("Utkastet er laget fra dataene."))
    return redirect("reports:staff-detail", report.pk)


def _editor_context(request: HttpRequest, report: Report) -> dict:
    return {
        "report": report,
        "sections": selectors.editor_sections(report.draft),
        "versions": report.versions.only("version", "published_at", "pdf_pages").order_by(
            "-version"
        ),
        "can_publish": can(request.user, "reports.publish"),
    }


@capability_required("reports.edit")
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("cycle"), pk=pk)
    return render(request, "reports/report_edit.html", _editor_context(request, report))


@require_POST
@capability_required("reports.edit")
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("cycle"), pk=pk)
    form = EditForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        place = {"section": data["section"], "block": data["block"]}
        common = {"report": report, "revision": data["revision"], "by": request.user}
        try:
            match data["op"]:
                case "text":
                    services.report_text_edit(
                        **common, **place, item=data["item"], text=data["text"]
                    )
                case "add":
                    services.report_paragraph_add(
                        **common, section=data["section"], text=data["text"]
                    )
                case "move":
                    services.report_move(
                        **common, **place, item=data["item"], direction=data["direction"]
                    )
                case "hide" | "show":
                    services.report_hide(
                        **common, **place, item=data["item"], hidden=data["op"] == "hide"
                    )
                case "restore":
                    if data["block"] is None:
                        raise services.ReportEditError(_("Velg en liste."))
                    services.report_items_restore(
                        **common, section=data["section"], block=data["block"]
                    )
        except services.ReportEditError as exc:
            error = str(exc)
    else:
        error = _("Endringen kunne ikke leses. Last inn siden på nytt.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        anchor = f"#s{form.cleaned_data['section']}" if form.is_valid() else ""
        return redirect(reverse("reports:staff-detail", args=[report.pk]) + anchor)
    report.refresh_from_db()
    context = _editor_context(request, report) | {"error": error}
    return render(request, "reports/_editor.html", context, status=200)


@capability_required("reports.edit")
def staff_preview(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=pk)
    document = selectors.report_document(report)
    html = r.render_html(document, stylesheet_href=_stylesheet_url())
    return HttpResponse(html, content_type=r.RENDERERS["html"].content_type)


def _stylesheet_url() -> str:
    return reverse("reports:stylesheet")


@capability_required("reports.publish")
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("cycle"), pk=pk)
    form = PublishForm(request.POST or None, initial={"revision": report.revision})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["revision"] != report.revision:
            messages.error(request, _("Utkastet er endret siden du så det. Se over på nytt."))
            return redirect("reports:staff-publish", report.pk)
        try:
            task = services.report_publish(report=report, by=request.user)
        except services.ReportEditError as exc:
            messages.error(request, str(exc))
            return redirect("reports:staff-detail", report.pk)
        return redirect("reports:staff-publish-status", report.pk, task.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reports/report_publish.html", {"report": report, "form": form}, status=status
    )


@capability_required("reports.publish")
def staff_publish_status(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("cycle"), pk=pk)
    task = task_for_page(get_object_or_404(Task, pk=task_id, kind="report.publish"))
    context = {"report": report, "task": task, "poll_url": request.path}
    if request.htmx:
        return render(request, "common/_task_progress.html", context)
    return render(request, "reports/publish_status.html", context)
