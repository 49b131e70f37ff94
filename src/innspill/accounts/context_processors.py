from django.http import HttpRequest

from innspill.accounts.roles import can


def site(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "site_name": "innspill",
        "can_staff": bool(user is not None and can(user, "staff.dashboard")),
    }
