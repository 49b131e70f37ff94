"""The second factor every staff login needs (TOTP or a recovery code, django-otp).

`capability_required` (roles.py) sends a user who gave the right password but no code here,
and `user_roles` gives such a user no role at all, so neither a staff page nor a staff
link on a public page opens before the code. The admin site asks the same (urls.py).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def otp_required() -> bool:
    return bool(settings.INNSPILL_ADMIN_REQUIRE_OTP)


def unverified(user: Any) -> bool:
    """True for a logged-in request user who has not given a code (yet) while codes are required.

    A user loaded outside a request (a task, a command) has no `is_verified`: the request that
    started the work was checked.
    """
    if not otp_required() or not getattr(user, "is_authenticated", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified()


def has_confirmed_totp(user: Any) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice  # roles.py loads before the models

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_safe_path(request: HttpRequest, target: str) -> bool:
    """A path on this site: «/…», never another host, never a bare word (which `redirect` would
    take for a view name and answer with a 500)."""
    return (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


def safe_next(request: HttpRequest, fallback: str = "accounts:dashboard") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_path(request, target) else reverse(fallback)


def second_factor_redirect(request: HttpRequest, target: str = "") -> HttpResponseRedirect:
    """To the code prompt, or to enrolment for a user without a device, coming back afterwards."""
    name = "accounts:otp-verify" if has_confirmed_totp(request.user) else "accounts:otp-enrol"
    query = urlencode({"next": target or request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(name)}?{query}")
