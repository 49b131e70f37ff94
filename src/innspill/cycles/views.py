"""Staff pages for cycles and the dates of their phases (/ansatt/sykluser/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innspill.accounts.roles import capability_required
from innspill.cycles import services
from innspill.cycles.forms import CycleForm, PhasesForm
from innspill.cycles.models import Cycle

PAGE_SIZE = 25


@capability_required("cycles.manage")
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = Cycle.objects.annotate(n_phases=Count("phases")).order_by("-year")
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cycles/cycle_list.html", {"page": page, "querystring": ""})


@capability_required("cycles.manage")
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = services.cycle_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Syklusen for %(year)s er opprettet.") % {"year": cycle.year})
        return redirect("cycles:cycle-edit", pk=cycle.pk)
    return render(request, "cycles/cycle_form.html", {"form": form})


@capability_required("cycles.manage")
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's own fields and its phases' dates: two forms on one page, saved separately."""
    cycle = get_object_or_404(Cycle, pk=pk)
    form = CycleForm(instance=cycle, prefix="cycle")
    phases = PhasesForm(cycle=cycle, prefix="phase")
    if request.method == "POST" and "save-phases" in request.POST:
        phases = PhasesForm(request.POST, cycle=cycle, prefix="phase")
        if phases.is_valid():
            services.cycle_phases_set(cycle=cycle, phases=phases.phases(), by=request.user)
            messages.success(request, _("Fasene er lagret."))
            return redirect("cycles:cycle-edit", pk=pk)
    elif request.method == "POST":
        form = CycleForm(request.POST, instance=cycle, prefix="cycle")
        if form.is_valid():
            services.cycle_update(cycle=cycle, by=request.user, **form.cleaned_data)
            messages.success(request, _("Syklusen er lagret."))
            return redirect("cycles:cycle-edit", pk=pk)
    return render(
        request, "cycles/cycle_form.html", {"form": form, "phases": phases, "cycle": cycle}
    )
