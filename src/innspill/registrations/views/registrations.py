"""Staff: the registrations with their waiting list, and cancelling on someone's behalf."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.accounts.roles import capability_required
from innspill.conferences.models import Conference
from innspill.registrations import services
from innspill.registrations.models import Registration
from innspill.registrations.views import base_url


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
            registration=registration, base_url=base_url(request), by=request.user
        )
    except services.RegistrationClosed:
        messages.error(request, _("Plasseringen er publisert; avmelding må gjøres i admin."))
    else:
        text = _("%(name)s er meldt av.") % {"name": registration.name}
        if promoted is not None:
            text += " " + _("%(name)s fikk plassen fra ventelisten.") % {"name": promoted.name}
        messages.success(request, text)
    return redirect("registrations:registrations", pk=registration.conference_id)
