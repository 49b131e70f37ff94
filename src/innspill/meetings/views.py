"""The secretariat's pages for regional input meetings."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from innspill.accounts.roles import capability_required
from innspill.cycles.models import Meeting
from innspill.cycles.services import cycle_get_or_create
from innspill.documents.errors import DocumentError
from innspill.meetings import selectors, services
from innspill.meetings.forms import (
    MeetingCaptureForm,
    MeetingForm,
    MeetingImportForm,
    MeetingInputsForm,
)


def _initial(meeting: Meeting) -> dict:
    initial = {
        "year": meeting.cycle.year,
        "place": meeting.place,
        "municipality": meeting.municipality_number,
        "date": meeting.date,
        "notes": meeting.notes,
    }
    initial.update({f"attendance_{k}": v for k, v in (meeting.attendance_by_type or {}).items()})
    return initial


def _save(request: HttpRequest, form: MeetingForm, meeting: Meeting | None) -> Meeting | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.meeting_save(
            meeting=meeting,
            cycle=cycle_get_or_create(year=data["year"], by=request.user),
            place=data["place"],
            municipality=data["municipality"],
            date=data["date"],
            attendance_by_type=form.attendance_by_type(),
            notes=data["notes"],
            by=request.user,
        )
    except services.MeetingError as error:
        form.add_error(None, str(error))
        return None


@capability_required("cycles.manage")
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        meeting = _save(request, form, None)
        if meeting is not None:
            messages.success(request, _("Møtet er lagret."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    context = {"meetings": selectors.meeting_list(), "form": form}
    return render(request, "meetings/meeting_list.html", context)


@capability_required("cycles.manage")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("cycle"), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    form = MeetingForm(request.POST if action == "update" else None, initial=_initial(meeting))
    inputs_form = MeetingInputsForm(request.POST if action == "add" else None)
    import_form = MeetingImportForm(
        request.POST if action == "import" else None, request.FILES if action == "import" else None
    )
    capture_form = MeetingCaptureForm(request.POST if action == "capture" else None)
    done: str | None = None
    try:
        if action == "update" and _save(request, form, meeting):
            done = _("Møtet er lagret.")
        elif action == "add" and inputs_form.is_valid():
            n = services.meeting_inputs_add(
                meeting=meeting,
                texts=inputs_form.cleaned_data["texts"].splitlines(),
                organisation_type=inputs_form.cleaned_data["organisation_type"],
                by=request.user,
            )
            done = _("%(n)s nye innspill er lagret.") % {"n": n}
        elif action == "import" and import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            suffix = Path(upload.name).suffix.lower()[:8]
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"referat{suffix}"
                with path.open("wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                n = services.meeting_inputs_import(
                    meeting=meeting,
                    path=path,
                    organisation_type=import_form.cleaned_data["organisation_type"],
                    by=request.user,
                )
            done = _("%(n)s nye innspill er lagret.") % {"n": n}
        elif action == "capture" and capture_form.is_valid():
            n = services.meeting_capture_take(
                meeting=meeting, code=capture_form.cleaned_data["code"], by=request.user
            )
            done = _("%(n)s innspill fra direkteinnsamlingen hører nå til møtet.") % {"n": n}
    except (services.MeetingError, DocumentError) as error:
        messages.error(request, str(error))
    if done:
        messages.success(request, done)
        return redirect("meetings:meeting-detail", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "form": form,
        "inputs_form": inputs_form,
        "import_form": import_form,
        "capture_form": capture_form,
        "attendance": selectors.attendance_rows(meeting),
        "inputs": selectors.meeting_inputs(meeting),
    }
    status = 400 if action and not done else 200
    return render(request, "meetings/meeting_detail.html", context, status=status)
