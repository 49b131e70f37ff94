from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token

from innspill.accounts import services
from innspill.accounts.dashboard import sections_for
from innspill.accounts.roles import ROLES, capability_required, require, user_roles
from innspill.accounts.second_factor import has_confirmed_totp, safe_next
from innspill.common.models import Task
from innspill.common.tasks import task_for_page
from innspill.inputs.selectors import staff_overview


@capability_required("staff.dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's own links (accounts/dashboard.py) and the archive's counts."""
    roles = [ROLES[r] for r in sorted(user_roles(request.user))]
    return render(
        request,
        "accounts/dashboard.html",
        {
            "roles": roles,
            "sections": sections_for(request.user),
            **staff_overview(),
        },
    )


@capability_required("staff.dashboard")
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task's progress, for whoever started it and the secretariat; htmx polls the fragment."""
    task = get_object_or_404(Task, pk=pk)
    if task.user_id != request.user.pk:
        require(request.user, "tasks.view_all")
    task = task_for_page(task)
    template = "common/_task_progress.html" if request.htmx else "common/task_detail.html"
    return render(request, template, {"task": task})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The code prompt after the password: a 6-digit TOTP code or one recovery code."""
    if not has_confirmed_totp(request.user):
        query = urlencode({"next": safe_next(request)})
        return HttpResponseRedirect(f"{reverse('accounts:otp-enrol')}?{query}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        # django-otp slows each device down after a wrong code and spends a recovery code once.
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(safe_next(request))
        form.add_error("code", _("Koden stemmer ikke. Prøv igjen med en ny kode."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": safe_next(request)})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First login: scan a QR code (or type the secret), confirm with a code, get recovery codes."""
    if has_confirmed_totp(request.user):
        # Another device only after the code; otherwise a stolen password could add one.
        query = urlencode({"next": safe_next(request)})
        return HttpResponseRedirect(f"{reverse('accounts:otp-verify')}?{query}")
    device = services.totp_device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = services.totp_device_confirm(
            device=device, token=form.cleaned_data["code"], by=request.user
        )
        if codes is not None:
            otp_login(request, device)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": safe_next(request)},
            )
        form.add_error("code", _("Koden stemmer ikke. Sjekk klokka på telefonen og prøv igjen."))
    qr = segno.make(device.config_url, error="m")
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr_svg": qr.svg_inline(
                scale=5, dark="#000", light="#fff", svgclass="otp-qr", title=_("QR-kode for appen")
            ),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
