"""Staff: compute the placement by ranked wishes, pin people to sessions, publish."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.accounts.roles import capability_required
from innspill.analysis.placement import Balance
from innspill.common.params import pk_or_404
from innspill.common.svg import bar_chart_svg
from innspill.conferences.models import Conference, Session, SessionKind
from innspill.registrations.forms import BalanceForm
from innspill.registrations.models import Pin, PlacementChange, PlacementRun, Registration
from innspill.registrations.placement import (
    placement_compute,
    placement_pin,
    placement_publish,
    stale_count,
)


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
            "changes": PlacementChange.objects.filter(run__conference=conference)
            .select_related("registration", "block", "session_from", "session_to", "by")
            .order_by("-at", "-id"),
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
def placement_pin_view(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    registration = get_object_or_404(
        Registration, pk=pk_or_404(request.POST.get("registration")), conference=conference
    )
    session = get_object_or_404(
        Session,
        pk=pk_or_404(request.POST.get("session")),
        conference=conference,
        block__isnull=False,
    )
    placement_pin(registration=registration, session=session, by=request.user)
    messages.success(
        request,
        _("%(name)s er låst til %(session)s.") % {"name": registration.name, "session": session},
    )
    return redirect("registrations:placement", pk=pk)


@require_POST
@capability_required("conference.manage")
def placement_publish_view(request: HttpRequest, pk: int, run_id: int) -> HttpResponse:
    run = get_object_or_404(PlacementRun, pk=run_id, conference_id=pk)
    sent = placement_publish(run=run, by=request.user)
    messages.success(
        request, _("Plasseringen er publisert og %(n)d e-poster er sendt.") % {"n": sent}
    )
    return redirect("registrations:placement", pk=pk)
