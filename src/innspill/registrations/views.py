"""Participant pages (from the invitation link, no password) and the staff pages for the day."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.accounts.roles import capability_required
from innspill.analysis.placement import Balance
from innspill.common import clock
from innspill.common.models import audit
from innspill.common.svg import bar_chart_svg
from innspill.common.tasks import task_start
from innspill.conferences.ics import program_ics
from innspill.conferences.models import Conference, Session, SessionKind
from innspill.followups.selectors import session_followups
from innspill.registrations import services
from innspill.registrations.badges import badges_pdf
from innspill.registrations.forms import BalanceForm, InvitationForm, RegistrationForm, UploadForm
from innspill.registrations.models import Assignment, Invitation, Pin, PlacementRun, Registration
from innspill.registrations.placement import (
    placement_compute,
    placement_publish,
    published_assignments,
    stale_count,
)
from innspill.registrations.tasks import badges_path


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _invitation_or_error(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "registrations/link_error.html", {"revoked": False}, status=404)
    if invitation.revoked_at is not None:
        return render(request, "registrations/link_error.html", {"revoked": True}, status=410)
    return invitation


def _form_initial(registration: Registration | None, invitation: Invitation) -> dict:
    if registration is None:
        return {"name": invitation.name, "organisation_name": invitation.organisation_name}
    needs = getattr(registration, "needs", None)
    initial = {
        "name": registration.name,
        "organisation_name": registration.organisation_name,
        "organisation_type": registration.organisation_type,
        "region": registration.region,
        "social": registration.social,
        "consent": True,
        "dietary": needs.dietary if needs else "",
        "accessibility": needs.accessibility if needs else "",
    }
    for w in registration.wishes.all():
        initial[f"wish_{w.block_id}_{w.rank}"] = str(w.session_id)
    return initial


def participant(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's own page: the registration form, or their registration and session."""
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    invitation = found
    conference = invitation.conference
    services.invitation_opened(invitation=invitation)
    registration = (
        Registration.objects.select_related("needs").filter(invitation=invitation).first()
    )
    is_open = services.registration_open(conference)
    editing = request.GET.get("endre") == "1" or request.method == "POST"
    active = registration is not None and registration.status != Registration.Status.CANCELLED
    if active and not editing:
        assignments = published_assignments(registration)
        return render(
            request,
            "registrations/participant.html",
            {
                "invitation": invitation,
                "conference": conference,
                "registration": registration,
                "wishes": registration.wishes.select_related("session", "block"),
                "assignments": assignments,
                "session_followups": session_followups(a.session_id for a in assignments),
                "is_open": is_open,
                "token": token,
            },
        )
    if not is_open:
        return render(request, "registrations/closed.html", {"conference": conference}, status=200)
    blocks = services.parallel_blocks(conference)
    form = RegistrationForm(
        request.POST or None, blocks=blocks, initial=_form_initial(registration, invitation)
    )
    if request.method == "POST" and form.is_valid():
        data = services.RegistrationData(
            name=form.cleaned_data["name"],
            organisation_name=form.cleaned_data["organisation_name"],
            organisation_type=form.cleaned_data["organisation_type"],
            region=form.cleaned_data["region"],
            social=form.cleaned_data["social"],
            dietary=form.cleaned_data["dietary"],
            accessibility=form.cleaned_data["accessibility"],
            wishes=form.wishes,
        )
        try:
            registration, _created = services.registration_submit(invitation=invitation, data=data)
        except services.RegistrationClosed:
            return render(request, "registrations/closed.html", {"conference": conference})
        if registration.status == Registration.Status.WAITING:
            messages.info(request, _("Konferansen er full. Du står på ventelisten."))
        else:
            messages.success(request, _("Takk! Du er påmeldt."))
        return redirect("registrations:participant", token=token)
    return render(
        request,
        "registrations/register.html",
        {
            "invitation": invitation,
            "conference": conference,
            "form": form,
            "registration": registration,
            "token": token,
        },
    )


def participant_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's own day as iCalendar: the common program and their placed sessions."""
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    conference = found.conference
    registration = Registration.objects.filter(invitation=found).first()
    mine = {a.session_id for a in published_assignments(registration)} if registration else set()
    sessions = [
        s
        for s in Session.objects.filter(conference=conference).order_by("starts_at", "id")
        if s.kind != SessionKind.PARALLEL or s.pk in mine
    ]
    body = program_ics(
        conference=conference,
        sessions=sessions,
        host=request.get_host().split(":")[0],
        now=clock.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mitt-program.ics"'
    return response


@require_POST
def participant_cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    registration = get_object_or_404(Registration, invitation=found)
    try:
        services.registration_cancel(registration=registration, base_url=_base_url(request))
    except services.RegistrationClosed:
        messages.error(
            request, _("Plasseringen er publisert; kontakt sekretariatet for å melde deg av.")
        )
        return redirect("registrations:participant", token=token)
    messages.success(request, _("Du er meldt av."))
    return redirect("registrations:participant", token=token)


@require_POST
def participant_decline(request: HttpRequest, token: str) -> HttpResponse:
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    services.invitation_decline(invitation=found)
    return render(request, "registrations/declined.html", {"conference": found.conference})


# Staff pages --------------------------------------------------------------------------------


@capability_required("conference.manage")
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    form = InvitationForm(prefix="one")
    upload = UploadForm(prefix="file")
    import_result = None
    if request.method == "POST" and "one-email" in request.POST:
        form = InvitationForm(request.POST, prefix="one")
        if form.is_valid():
            email = form.cleaned_data["email"].lower()
            if conference.invitations.filter(email=email).exists():
                form.add_error("email", _("Denne adressen er allerede invitert."))
            else:
                services.invitation_create(
                    conference=conference,
                    base_url=_base_url(request),
                    by=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, _("Invitasjonen er sendt."))
                return redirect("registrations:invitations", pk=pk)
    elif request.method == "POST":
        upload = UploadForm(request.POST, request.FILES, prefix="file")
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            import_result = services.invitations_import(
                conference=conference,
                filename=f.name,
                data=f.read(),
                base_url=_base_url(request),
                by=request.user,
            )
    items = conference.invitations.all().order_by("created_at", "id")
    counts = dict(conference.invitations.values_list("status").annotate(n=Count("id")).order_by())
    return render(
        request,
        "registrations/invitations.html",
        {
            "conference": conference,
            "form": form,
            "upload": upload,
            "items": items,
            "import_result": import_result,
            "counts": [(label, counts.get(value, 0)) for value, label in Invitation.Status.choices],
        },
    )


@require_POST
@capability_required("conference.manage")
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request, _("Lenken til %(name)s er trukket tilbake.") % {"name": invitation.name}
    )
    return redirect("registrations:invitations", pk=invitation.conference_id)


@require_POST
@capability_required("conference.manage")
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("conference"), pk=pk)
    services.invitation_resend(invitation=invitation, base_url=_base_url(request), by=request.user)
    messages.success(request, _("Ny lenke er sendt til %(name)s.") % {"name": invitation.name})
    return redirect("registrations:invitations", pk=invitation.conference_id)


@capability_required("conference.manage")
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    items = (
        Registration.objects.filter(conference=conference)
        .select_related("needs")
        .order_by("created_at", "id")
    )
    counts = dict(items.values_list("status").annotate(n=Count("id")).order_by())
    items = list(items)
    waiting = 0
    for r in items:
        if r.status == Registration.Status.WAITING:
            waiting += 1
            r.queue_position = waiting
    return render(
        request,
        "registrations/registrations.html",
        {
            "conference": conference,
            "items": items,
            "counts": [
                (label, counts.get(value, 0)) for value, label in Registration.Status.choices
            ],
        },
    )


@require_POST
@capability_required("conference.manage")
def registration_cancel_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff cancel on a participant's behalf (e.g. by e-mail); the waiting list moves up."""
    registration = get_object_or_404(Registration.objects.select_related("conference"), pk=pk)
    try:
        promoted = services.registration_cancel(
            registration=registration, base_url=_base_url(request)
        )
    except services.RegistrationClosed:
        messages.error(request, _("Plasseringen er publisert; avmelding må gjøres i admin."))
    else:
        audit(action="registration.cancel", target=str(registration.pk), by=request.user)
        text = _("%(name)s er meldt av.") % {"name": registration.name}
        if promoted is not None:
            text += " " + _("%(name)s fikk plassen fra ventelisten.") % {"name": promoted.name}
        messages.success(request, text)
    return redirect("registrations:registrations", pk=registration.conference_id)


def _run_view(run: PlacementRun) -> list[dict]:
    blocks = []
    for block in run.summary:
        stats, fcfs = block["stats"], block["fcfs"]
        keys = [k for k in stats["rank_counts"] if k != "none"] + ["none"]
        compare = [
            {
                "label": (_("Ingen av ønskene") if k == "none" else _("%s. ønske") % k),
                "optimal": stats["rank_counts"].get(k, 0),
                "fcfs": fcfs["rank_counts"].get(k, 0),
            }
            for k in keys
        ]
        fill = [(s["title"][:40], s["assigned"]) for s in block["sessions"]]
        blocks.append(
            {
                **block,
                "compare": compare,
                "chart": bar_chart_svg(
                    title=_("Fylte plasser per sesjon: %(block)s") % {"block": block["title"]},
                    data=fill,
                    chart_id=f"fill-{block['block']}",
                ),
            }
        )
    return blocks


@capability_required("conference.manage")
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    balance_form = BalanceForm(request.POST or None)
    if request.method == "POST" and balance_form.is_valid():
        balance = Balance(
            organisation_type=balance_form.cleaned_data["organisation_type"] or 0.0,
            region=balance_form.cleaned_data["region"] or 0.0,
        )
        placement_compute(conference=conference, by=request.user, balance=balance)
        messages.success(request, _("Plasseringen er beregnet. Den er ikke publisert ennå."))
        return redirect("registrations:placement", pk=pk)
    run = conference.placement_runs.first()
    pins = Pin.objects.filter(registration__conference=conference).select_related(
        "registration", "session"
    )
    return render(
        request,
        "registrations/placement.html",
        {
            "conference": conference,
            "run": run,
            "stale": stale_count(run) if run else 0,
            "blocks": _run_view(run) if run else [],
            "balance_form": balance_form,
            "pins": pins,
            "registrations": Registration.objects.filter(
                conference=conference, status=Registration.Status.CONFIRMED
            ).order_by("name"),
            "sessions": Session.objects.filter(
                conference=conference, kind=SessionKind.PARALLEL, block__isnull=False
            ).select_related("block"),
        },
    )


@require_POST
@capability_required("conference.manage")
def placement_pin(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    registration = get_object_or_404(
        Registration, pk=request.POST.get("registration"), conference=conference
    )
    session = get_object_or_404(
        Session, pk=request.POST.get("session"), conference=conference, block__isnull=False
    )
    Pin.objects.update_or_create(
        registration=registration, block_id=session.block_id, defaults={"session": session}
    )
    messages.success(
        request,
        _("%(name)s er låst til %(session)s.") % {"name": registration.name, "session": session},
    )
    return redirect("registrations:placement", pk=pk)


@require_POST
@capability_required("conference.manage")
def placement_publish_view(request: HttpRequest, pk: int, run_id: int) -> HttpResponse:
    run = get_object_or_404(PlacementRun, pk=run_id, conference_id=pk)
    sent = placement_publish(run=run, by=request.user, base_url=_base_url(request))
    messages.success(
        request, _("Plasseringen er publisert og %(n)d e-poster er sendt.") % {"n": sent}
    )
    return redirect("registrations:placement", pk=pk)


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
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = _("Deltakere")
        ws.append(header)
        for row in rows:
            ws.append(row)
        binary = io.BytesIO()
        wb.save(binary)
        response = HttpResponse(
            binary.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@capability_required("conference.checkin")
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    pdf = badges_pdf(
        conference=conference,
        url_for=lambda code: request.build_absolute_uri(
            reverse("registrations:checkin-code", args=[code])
        ),
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
        func="innspill.registrations.tasks:badges_task",
        kwargs={"conference_id": conference.pk, "base_url": _base_url(request)},
        by=request.user,
        label=_("Navneskilt for %(conference)s") % {"conference": conference.title},
    )
    return redirect("common:task-detail", pk=task.pk)


@capability_required("conference.checkin")
def badges_file(request: HttpRequest, pk: int, task_id: int) -> HttpResponse:
    path = badges_path(pk, task_id)
    if not path.is_file():
        raise Http404(_("Fant ikke PDF-en med navneskilt."))
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="navneskilt-{pk}.pdf"'
    return response


@capability_required("conference.checkin")
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration"), conference=conference
        )
        if services.checkin(registration=registration, by=request.user):
            messages.success(request, _("%(name)s er sjekket inn.") % {"name": registration.name})
        else:
            messages.info(
                request, _("%(name)s var allerede sjekket inn.") % {"name": registration.name}
            )
        return redirect(f"{request.path}?{urlencode({'q': request.POST.get('q', '')})}")
    q = request.GET.get("q", "").strip()
    base = Registration.objects.filter(conference=conference, status=Registration.Status.CONFIRMED)
    results = (
        base.filter(Q(name__icontains=q) | Q(organisation_name__icontains=q)).order_by("name")[:50]
        if q
        else []
    )
    totals = base.aggregate(
        total=Count("id"), came=Count("id", filter=Q(checked_in_at__isnull=False))
    )
    template = (
        "registrations/_checkin_results.html" if request.htmx else "registrations/checkin.html"
    )
    return render(
        request, template, {"conference": conference, "q": q, "results": results, "totals": totals}
    )


@capability_required("conference.checkin")
def checkin_code(request: HttpRequest, code: str) -> HttpResponse:
    registration = Registration.objects.select_related("conference").filter(badge_code=code).first()
    if registration is None:
        raise Http404(_("Ukjent navneskilt."))
    if request.method == "POST":
        services.checkin(registration=registration, by=request.user)
        messages.success(request, _("%(name)s er sjekket inn.") % {"name": registration.name})
        return redirect("registrations:checkin-code", code=code)
    return render(
        request,
        "registrations/checkin_code.html",
        {"registration": registration, "conference": registration.conference},
    )
