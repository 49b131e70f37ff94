"""Staff pages for the organisation registry and its contact people (/ansatt/organisasjoner/, /ansatt/personer/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from innspill.accounts.roles import can, capability_required
from innspill.organisations import selectors, services
from innspill.organisations.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
)
from innspill.organisations.models import Organisation, Person

PAGE_SIZE = 25


def _querystring(request: HttpRequest) -> str:
    """The list's filters without the page number, for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@capability_required("organisations.manage")
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisations_for_staff(**filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/organisation_list.html",
        {"form": form, "page": page, "querystring": _querystring(request)},
    )


@capability_required("organisations.manage")
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("Organisasjonen «%(name)s» er lagt til.") % {"name": organisation}
        )
        return redirect("organisations:organisation-edit", pk=organisation.pk)
    return render(request, "organisations/organisation_form.html", {"form": form})


@capability_required("organisations.manage")
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=organisation, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Organisasjonen er lagret."))
        return redirect("organisations:organisation-edit", pk=pk)
    return render(
        request,
        "organisations/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "contacts": organisation.contacts.order_by("name", "pk"),
        },
    )


@capability_required("organisations.manage")
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.people_for_staff(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organisations/person_list.html",
        {"form": form, "page": page, "querystring": _querystring(request)},
    )


@capability_required("organisations.manage")
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    # «Legg til kontaktperson» on an organisation's page starts with that organisation chosen.
    initial = {"organisation": request.GET.get("organisation")} if request.method == "GET" else {}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = services.person_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Kontaktpersonen %(name)s er lagt til.") % {"name": person})
        if person.organisation_id:
            return redirect("organisations:organisation-edit", pk=person.organisation_id)
        return redirect("organisations:person-edit", pk=person.pk)
    return render(request, "organisations/person_form.html", {"form": form})


@capability_required("organisations.manage")
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_update(person=person, by=request.user, **form.cleaned_data)
        messages.success(request, _("Kontaktpersonen er lagret."))
        return redirect("organisations:person-edit", pk=pk)
    return render(
        request,
        "organisations/person_form.html",
        {
            "form": form,
            "person": person,
            "can_invite": can(request.user, "conference.manage"),
        },
    )
