"""Staff: check-in on the day, by name search or by scanning a badge."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from innspill.accounts.roles import capability_required
from innspill.common.params import pk_or_404
from innspill.conferences.models import Conference
from innspill.registrations import services
from innspill.registrations.models import Registration


@capability_required("conference.checkin")
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    conference = get_object_or_404(Conference, pk=pk)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=pk_or_404(request.POST.get("registration")), conference=conference
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
