from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from innspill.accounts.roles import ROLES, capability_required, user_roles
from innspill.inputs.selectors import staff_overview


@capability_required("staff.dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = [ROLES[r] for r in sorted(user_roles(request.user))]
    return render(request, "accounts/dashboard.html", {"roles": roles, **staff_overview()})
