"""Who may run question rounds (checked by views and services alike)."""

from typing import Any

from django.core.exceptions import PermissionDenied

from innspill.accounts.roles import can

MANAGE = "cycles.manage"


class _CommandLine:
    """Whoever runs `round_create` or a scheduled reminder on the server (its own authority)."""

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "COMMAND_LINE"


COMMAND_LINE = _CommandLine()


def can_manage(user: Any) -> bool:
    """Create, send, remind, log calls and answer on an organisation's behalf: the secretariat."""
    return user is COMMAND_LINE or can(user, MANAGE)


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise PermissionDenied(MANAGE)
