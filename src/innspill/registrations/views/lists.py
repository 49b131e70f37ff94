"""Staff: participant lists per session (CSV, XLSX) and the name badges (PDF)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.accounts.roles import capability_required
from innspill.common.mail import site_url
from innspill.common.spreadsheet import (
    UI_SEPARATOR,
    SeparatorError,
    csv_response,
    csv_separator,
    xlsx_response,
)
from innspill.common.tasks import task_start
from innspill.conferences.models import Conference, Session
from innspill.registrations.badges import badges_pdf
from innspill.registrations.models import Assignment, Registration
from innspill.registrations.tasks import badges_path, badges_task


def _session_participants(session: Session) -> list[Registration]:
    return [
        a.registration
        for a in Assignment.objects.filter(session=session, run__published_at__isnull=False)
        .select_related("registration")
        .order_by("registration__name")
    ]


@capability_required("conference.checkin")
def participant_list(request: HttpRequest, pk: int, sid: int, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404(fmt)
    session = get_object_or_404(Session, pk=sid, conference_id=pk)
    header = [_("Navn"), _("Organisasjon"), _("Sosialt samvær"), _("Sjekket inn")]
    rows = [
        [
            r.name,
            r.organisation_name,
            _("ja") if r.social else _("nei"),
            timezone.localtime(r.checked_in_at).strftime("%H:%M") if r.checked_in_at else "",
        ]
        for r in _session_participants(session)
    ]
    filename = f"deltakere-sesjon-{session.pk}"
    if fmt == "xlsx":
        return xlsx_response([(_("Deltakere"), [header, *rows])], filename=filename)
    try:
        sep = csv_separator(request.GET.get("sep"), default=UI_SEPARATOR)
    except SeparatorError:
        return HttpResponseBadRequest(_("Ukjent skilletegn («sep»)."))
    return csv_response([header, *rows], filename=filename, sep=sep)


@capability_required("conference.checkin")
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    pdf = badges_pdf(
        conference=conference,
        url_for=lambda code: site_url(reverse("registrations:checkin-code", args=[code])),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="navneskilt-{conference.pk}.pdf"'
    return response


@require_POST
@capability_required("conference.checkin")
def badges_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Large badge PDFs take a while: build them in the background and show the progress."""
    conference = get_object_or_404(Conference, pk=pk)
    task = task_start(
        kind="badges",
        func=badges_task,
        kwargs={"conference_id": conference.pk},
        by=request.user,
        label=_("Navneskilt for %(conference)s") % {"conference": conference.title},
    )
    return redirect("accounts:task-detail", pk=task.pk)


@capability_required("conference.checkin")
def badges_file(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    path = badges_path(pk, task_id)
    if not path.is_file():
        raise Http404(_("Fant ikke PDF-en med navneskilt."))
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="navneskilt-{pk}.pdf"'
    return response
