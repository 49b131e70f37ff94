"""The participant's own pages, reached by the personal link in the invitation (no password)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innspill.common import clock
from innspill.conferences.ics import program_ics
from innspill.conferences.models import Session, SessionKind
from innspill.followups.selectors import session_followups
from innspill.registrations import lifecycle, services
from innspill.registrations.forms import RegistrationForm, SubstituteForm
from innspill.registrations.models import Invitation, Registration
from innspill.registrations.placement import (
    published_assignments,
)


def _invitation_or_error(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "registrations/link_error.html", {"revoked": False}, status=404)
    if invitation.revoked_at is not None:
        return render(request, "registrations/link_error.html", {"revoked": True}, status=410)
    if invitation.anonymised_at is not None:
        return render(request, "registrations/personal_data_erased.html", status=410)
    # The invitation remembers the language it was sent in; the visitor's own choice still wins.
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language
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
        # A substitute named by their organisation gives their own consent.
        "consent": registration.consent_at is not None,
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
    if registration is not None and not editing:
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
                "substitute": Registration.objects.filter(substitute_for=registration).first()
                if registration.status == Registration.Status.CANCELLED
                else None,
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


def _active_registration(
    request: HttpRequest, token: str
) -> tuple[Invitation, Registration] | HttpResponse:
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    registration = get_object_or_404(
        Registration.objects.select_related("conference"), invitation=found
    )
    if registration.status == Registration.Status.CANCELLED:
        # A second click on the confirm button, or the back button after cancelling.
        messages.info(request, _("Du er meldt av."))
        return redirect("registrations:participant", token=token)
    return found, registration


def participant_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel from the personal link: a page that asks first, then the cancellation (POST)."""
    found = _active_registration(request, token)
    if isinstance(found, HttpResponse):
        return found
    _invitation, registration = found
    if request.method == "POST":
        lifecycle.registration_cancel(registration=registration)
        messages.success(request, _("Du er meldt av."))
        return redirect("registrations:participant", token=token)
    return render(
        request,
        "registrations/cancel_confirm.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "assignments": published_assignments(registration),
            "own": True,
            "back_url": reverse("registrations:participant", args=[token]),
        },
    )


def participant_substitute(request: HttpRequest, token: str) -> HttpResponse:
    """The organisation sends someone else in the participant's place (from the personal link)."""
    found = _active_registration(request, token)
    if isinstance(found, HttpResponse):
        return found
    _invitation, registration = found
    form = SubstituteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            substitute = lifecycle.registration_substitute(
                registration=registration,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except lifecycle.SubstituteError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("%(name)s har overtatt plassen din og får en e-post med sin egen lenke.")
                % {"name": substitute.name},
            )
            return redirect("registrations:participant", token=token)
    return render(
        request,
        "registrations/substitute.html",
        {
            "registration": registration,
            "conference": registration.conference,
            "form": form,
            "own": True,
            "back_url": reverse("registrations:participant", args=[token]),
        },
    )


@require_POST
def participant_decline(request: HttpRequest, token: str) -> HttpResponse:
    found = _invitation_or_error(request, token)
    if isinstance(found, HttpResponse):
        return found
    services.invitation_decline(invitation=found)
    return render(request, "registrations/declined.html", {"conference": found.conference})
