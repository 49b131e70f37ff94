"""Public pages of the good-practice library, and the secretariat's «mark as example» action."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.accounts.roles import capability_required
from innspill.inputs.models import Input, Theme
from innspill.organisations.municipalities import COUNTIES, county
from innspill.practices import selectors, services
from innspill.practices.models import Practice, Size


def practice_list(request: HttpRequest) -> HttpResponse:
    try:
        query = selectors.parse_query(request.GET)
    except selectors.ParamError as error:
        return render(request, "practices/bad_request.html", {"error": error}, status=400)
    practices = list(selectors.practice_search(query))
    context = {
        "query": query,
        "practices": practices,
        "facets": selectors.facets(practices),
        "themes": Theme.objects.filter(active=True).order_by("name"),
        "counties": [county(number) for number in COUNTIES],
        "sizes": Size.choices,
    }
    return render(request, "practices/practice_list.html", context)


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        practice = selectors.practice_detail(pk)
    except Practice.DoesNotExist as exc:
        raise Http404(_("Fant ikke det gode grepet.")) from exc
    stale = selectors.stale_version(practice)
    if stale is not None:
        services.practice_matches_request_for(stale)
    context = {
        "practice": practice,
        "related": selectors.related_inputs(practice),
        "stale": stale is not None,
    }
    return render(request, "practices/practice_detail.html", context)


@require_POST
@capability_required("inputs.edit")
def practice_from_input(request: HttpRequest, input_pk: int) -> HttpResponse:
    item = get_object_or_404(Input, pk=input_pk)
    try:
        practice = services.practice_create_from_input(
            input=item,
            title=request.POST.get("title", ""),
            municipality_name=request.POST.get("municipality", ""),
            runs_by=request.POST.get("runs_by", ""),
            contact=request.POST.get("contact", ""),
            by=request.user,
        )
    except services.PracticeError as error:
        messages.error(request, str(error))
        return redirect("archive:input-detail", pk=item.pk)
    messages.success(request, _("Innspillet er lagt til i gode grep."))
    return redirect("practices:practice-detail", pk=practice.pk)
