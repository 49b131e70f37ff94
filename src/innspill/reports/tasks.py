"""Background work of the report builder: tasks take ids, fetch, call a service."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_tasks import task

from innspill.common.tasks import reports_progress
from innspill.reports import services
from innspill.reports.models import Report


@task()
@reports_progress
def publish_task(
    *, task_id: int, report_id: int, revision: int, user_id: int | None
) -> dict[str, Any]:
    """Render and freeze the report's current version, reporting progress per format."""
    report = Report.objects.select_related("cycle").get(pk=report_id)
    version = services.report_version_publish(
        report=report, revision=revision, by=services.user_for(user_id), task_id=task_id
    )
    return {
        "version": version.version,
        "pdf_sha256": version.pdf_sha256,
        "next_url": reverse("reports:staff-detail", args=[report.pk]),
    }
