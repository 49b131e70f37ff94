"""Staff: invite a contact person from the registry to a conference and resend their links."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from innspill.accounts.roles import capability_required
from innspill.conferences.forms import NoSuffix
from innspill.conferences.models import Conference
from innspill.organisations.models import Person
from innspill.registrations import services
from innspill.registrations.models import Invitation, Language


class PersonInvitationForm(NoSuffix, forms.Form):
    conference = forms.ModelChoiceField(label=gettext_lazy("Konferanse"), queryset=None)
    language = forms.ChoiceField(
        label=gettext_lazy("Språk i e-posten"), choices=Language.choices, initial=Language.NB
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        # A person is invited once per conference (the invitation's unique e-mail).
        self.fields["conference"].queryset = (
            Conference.objects.exclude(invitations__email=person.email)
            .select_related("cycle")
            .order_by("-date", "-pk")
        )


@capability_required("conference.manage")
@require_http_methods(["GET", "POST"])
def person_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    if not person.email:
        messages.error(request, _("Personen har ingen e-postadresse og kan ikke inviteres."))
        return redirect("organisations:person-edit", pk=pk)
    form = PersonInvitationForm(person=person)
    if request.method == "POST" and "resend" in request.POST:
        invitation = get_object_or_404(
            Invitation.objects.select_related("conference"),
            pk=request.POST["resend"],
            email=person.email,
        )
        services.invitation_resend(invitation=invitation, by=request.user)
        messages.success(
            request,
            _("Ny lenke til %(conference)s er sendt.") % {"conference": invitation.conference},
        )
        return redirect("registrations:person-invitations", pk=pk)
    if request.method == "POST":
        form = PersonInvitationForm(request.POST, person=person)
        if form.is_valid():
            services.invitation_create(
                conference=form.cleaned_data["conference"],
                email=person.email,
                name=person.name,
                organisation_name=person.organisation.name if person.organisation else "",
                language=form.cleaned_data["language"],
                by=request.user,
            )
            messages.success(request, _("Invitasjonen er sendt."))
            return redirect("registrations:person-invitations", pk=pk)
    invitations = (
        Invitation.objects.filter(email=person.email)
        .select_related("conference")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "registrations/person_invitations.html",
        {"person": person, "form": form, "invitations": invitations},
    )
