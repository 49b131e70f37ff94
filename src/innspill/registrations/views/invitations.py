"""Staff: invite people one by one or from a file, revoke and resend their links."""

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
from innspill.registrations.forms import InvitationForm, UploadForm
from innspill.registrations.models import Invitation


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
    services.invitation_resend(invitation=invitation, by=request.user)
    messages.success(request, _("Ny lenke er sendt til %(name)s.") % {"name": invitation.name})
    return redirect("registrations:invitations", pk=invitation.conference_id)
