"""Staff: the registrations with their waiting list, and cancelling on someone's behalf."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from innspill.accounts.roles import capability_required
from innspill.conferences.models import Conference
from innspill.registrations import lifecycle
from innspill.registrations.forms import SubstituteForm
from innspill.registrations.models import Registration
from innspill.registrations.placement import published_assignments


@capability_required("conference.manage")
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    items = (
        Registration.objects.filter(conference=conference)
        .select_related("needs")
        .annotate(substitute_name=F("substitute__name"))
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


@capability_required("conference.manage")
def registration_cancel_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff cancel on a participant's behalf (e.g. by e-mail): asked first, then the waiting
    list moves up."""
    registration = get_object_or_404(Registration.objects.select_related("conference"), pk=pk)
    back = redirect("registrations:registrations", pk=registration.conference_id)
    if registration.status == Registration.Status.CANCELLED:
        messages.info(request, _("%(name)s er meldt av.") % {"name": registration.name})
        return back
    if request.method == "POST":
        promoted = lifecycle.registration_cancel(registration=registration, by=request.user)
        text = _("%(name)s er meldt av.") % {"name": registration.name}
        if promoted is not None:
            text += " " + _("%(name)s fikk plassen fra ventelisten.") % {"name": promoted.name}
        messages.success(request, text)
        return back
    return render(
        request,
        "registrations/cancel_confirm.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "assignments": published_assignments(registration),
            "own": False,
            "back_url": reverse("registrations:registrations", args=[registration.conference_id]),
        },
    )


@capability_required("conference.manage")
def registration_substitute_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record the substitute an organisation sends (e.g. told by phone)."""
    registration = get_object_or_404(
        Registration.objects.select_related("conference", "invitation"), pk=pk
    )
    if registration.status == Registration.Status.CANCELLED:
        # The form sent twice: the first submit already handed the seat over.
        messages.info(request, _("%(name)s er meldt av.") % {"name": registration.name})
        return redirect("registrations:registrations", pk=registration.conference_id)
    form = SubstituteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            substitute = lifecycle.registration_substitute(
                registration=registration,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                by=request.user,
            )
        except lifecycle.SubstituteError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(substitute)s har overtatt plassen til %(name)s.")
                % {"substitute": substitute.name, "name": registration.name},
            )
            return redirect("registrations:registrations", pk=registration.conference_id)
    return render(
        request,
        "registrations/substitute.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "form": form,
            "own": False,
            "back_url": reverse("registrations:registrations", args=[registration.conference_id]),
        },
    )
