"""Staff roles. A role is a Django group; what each role may do is decided here and nowhere else."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from innspill.accounts.second_factor import second_factor_redirect, unverified

ADMIN = "admin"
SECRETARIAT = "secretariat"
RAPPORTEUR = "rapporteur"
MINISTRY = "ministry"
RESEARCHER = "researcher"

ROLES = {
    ADMIN: _("Administrator"),
    SECRETARIAT: _("Sekretariat"),
    RAPPORTEUR: _("Referent"),
    MINISTRY: _("Departement/etat"),
    RESEARCHER: _("Forsker"),
}

# Capabilities -> roles allowed. Views and services ask `can(user, capability)`.
CAPABILITIES: dict[str, frozenset[str]] = {
    "inputs.edit": frozenset({ADMIN, SECRETARIAT}),
    "inputs.classify": frozenset({ADMIN, SECRETARIAT, RAPPORTEUR}),
    "inputs.load": frozenset({ADMIN, SECRETARIAT}),
    "inputs.capture": frozenset({ADMIN, SECRETARIAT, RAPPORTEUR}),
    "cycles.manage": frozenset({ADMIN, SECRETARIAT}),
    "organisations.manage": frozenset({ADMIN, SECRETARIAT}),
    "reports.publish": frozenset({ADMIN, SECRETARIAT}),
    "reports.edit": frozenset({ADMIN, SECRETARIAT}),
    "followup.respond": frozenset({ADMIN, SECRETARIAT, MINISTRY}),
    "followup.assign": frozenset({ADMIN, SECRETARIAT}),
    "archive.export_all": frozenset({ADMIN, SECRETARIAT, RESEARCHER}),
    "model.train": frozenset({ADMIN}),
    "conference.manage": frozenset({ADMIN, SECRETARIAT}),
    "conference.checkin": frozenset({ADMIN, SECRETARIAT}),
    "staff.dashboard": frozenset({ADMIN, SECRETARIAT, RAPPORTEUR, MINISTRY, RESEARCHER}),
    # Least privilege: the free-text comments and the per-respondent rows of the evaluation can
    # point back to people, so only the secretariat reads them; others see the counts.
    "surveys.answers": frozenset({ADMIN, SECRETARIAT}),
    # Anyone's background job (its label names files and people); others see only their own.
    "tasks.view_all": frozenset({ADMIN, SECRETARIAT}),
}


def user_roles(user: Any) -> frozenset[str]:
    # A password without the second factor gives no role (accounts/second_factor.py).
    if not getattr(user, "is_authenticated", False) or not user.is_active or unverified(user):
        return frozenset()
    cached = getattr(user, "_innspill_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(ADMIN)
        cached = frozenset(names & set(ROLES))
        user._innspill_roles = cached
    return cached


def can(user: Any, capability: str) -> bool:
    return bool(user_roles(user) & CAPABILITIES[capability])


def require(user: Any, capability: str) -> None:
    """Raise PermissionDenied unless `user` has `capability` (services call this too)."""
    if not can(user, capability):
        raise PermissionDenied(capability)


def capability_required(capability: str) -> Callable:
    """View decorator: log in first, give the second factor, then the capability is checked."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if unverified(request.user):
                return second_factor_redirect(request)
            require(request.user, capability)
            return view(request, *args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]  # staff URLs are found by it
        return wrapper

    return decorator
