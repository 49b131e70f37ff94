from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from innspill.accounts.roles import ROLES, capability_required, user_roles
from innspill.common.models import Task
from innspill.common.tasks import task_for_page
from innspill.inputs.selectors import staff_overview


@capability_required("staff.dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = [ROLES[r] for r in sorted(user_roles(request.user))]
    return render(request, "accounts/dashboard.html", {"roles": roles, **staff_overview()})


@capability_required("staff.dashboard")
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task's progress; htmx polls the fragment until the task is done or failed."""
    task = task_for_page(get_object_or_404(Task, pk=pk))
    template = "common/_task_progress.html" if request.htmx else "common/task_detail.html"
    return render(request, template, {"task": task})
