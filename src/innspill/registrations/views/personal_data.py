"""Personal data on request: the participant's own download and erasure, and staff doing either.

Retention and what is kept are described in docs/privacy.md; the work is in
registrations/privacy.py.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from innspill.accounts.roles import capability_required
from innspill.registrations.models import Invitation
from innspill.registrations.privacy import personal_data_erase, personal_data_export
from innspill.registrations.views.participant import _invitation_or_error

MANAGE = "conference.manage"


def _json_download(data: dict, filename: str) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def participant_data(request: HttpRequest, token: str) -> HttpResponse:
    """The participant downloads everything stored about them (JSON)."""
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    return _json_download(personal_data_export(invitation=found), "mine-opplysninger.json")


@require_http_methods(["GET", "POST"])
def participant_erase(request: HttpRequest, token: str) -> HttpResponse:
    """The participant asks for erasure: a page that says what happens, then a confirmed POST."""
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        personal_data_erase(invitation=found)
        return render(request, "registrations/personal_data_erased.html", status=200)
    return render(
        request,
        "registrations/personal_data_erase.html",
        {"conference": found.conference, "token": token, "unconfirmed": request.method == "POST"},
    )


@require_http_methods(["GET", "POST"])
@capability_required(MANAGE)
def staff_personal_data(request: HttpRequest) -> HttpResponse:
    """Staff find a person's invitations by e-mail (posted, so it stays out of access logs)."""
    email = (request.POST.get("email") or "").strip().lower()[:254]
    invitations = (
        Invitation.objects.filter(email=email, anonymised_at__isnull=True)
        .select_related("conference", "registration")
        .order_by("-created_at")
        if email
        else Invitation.objects.none()
    )
    return render(
        request,
        "registrations/personal_data_staff.html",
        {"email": email, "invitations": invitations, "searched": bool(email)},
    )


@capability_required(MANAGE)
def staff_personal_data_download(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, anonymised_at__isnull=True)
    data = personal_data_export(invitation=invitation, by=request.user)
    return _json_download(data, f"personopplysninger-{invitation.pk}.json")


@require_POST
@capability_required(MANAGE)
def staff_personal_data_erase(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, anonymised_at__isnull=True)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Kryss av for å bekrefte slettingen."))
        return redirect("registrations:personal-data")
    personal_data_erase(invitation=invitation, by=request.user)
    messages.success(request, _("Personopplysningene er slettet."))
    return redirect("registrations:personal-data")
