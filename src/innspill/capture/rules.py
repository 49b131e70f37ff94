"""Who may do what with a session's capture (checked by views and services alike)."""

from typing import Any

from django.core.exceptions import PermissionDenied

from innspill.accounts.roles import ADMIN, SECRETARIAT, can, user_roles
from innspill.capture.models import Capture


class _CommandLine:
    """Whoever runs a management command on the server (it has the server's own authority)."""

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "COMMAND_LINE"


COMMAND_LINE = _CommandLine()


def can_manage(user: Any) -> bool:
    """Open and close capture, set moderation, move a bullet to another session: the secretariat."""
    return user is COMMAND_LINE or can(user, "conference.manage")


def can_run(user: Any, capture: Capture) -> bool:
    """Write on a session's board: the secretariat anywhere, a rapporteur only on their sessions."""
    if user is COMMAND_LINE:
        return True
    if not can(user, "inputs.capture"):
        return False
    if user_roles(user) & {ADMIN, SECRETARIAT}:
        return True
    return capture.rapporteurs.filter(pk=user.pk).exists()


def require_manage(user: Any) -> None:
    if not can_manage(user):
        raise PermissionDenied("capture.manage")


def require_run(user: Any, capture: Capture) -> None:
    if not can_run(user, capture):
        raise PermissionDenied("capture.run")
