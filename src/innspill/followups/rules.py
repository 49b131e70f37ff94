"""Who may do what with follow-ups (on top of accounts.roles capabilities)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from innspill.accounts.roles import MINISTRY, can, user_roles
from innspill.followups.models import Owner, OwnerMember


def can_assign(user: Any) -> bool:
    """Staff assign; `None` is the operator running a management command."""
    return user is None or can(user, "followup.assign")


def own_owner(user: Any) -> Owner | None:
    """The ministry or agency a `ministry` user answers for (None for everyone else)."""
    if MINISTRY not in user_roles(user):
        return None
    member = OwnerMember.objects.select_related("owner").filter(user=user).first()
    return member.owner if member else None


def can_answer_for(user: Any, owner: Owner) -> bool:
    """Staff answer for any owner; a ministry user only for their own."""
    if can_assign(user):
        return True
    if not can(user, "followup.respond"):
        return False
    mine = own_owner(user)
    return mine is not None and mine.pk == owner.pk


def require_answer_for(user: Any, owner: Owner) -> None:
    if not can_answer_for(user, owner):
        raise PermissionDenied("followup.respond")


def require_assign(user: Any) -> None:
    if not can_assign(user):
        raise PermissionDenied("followup.assign")
