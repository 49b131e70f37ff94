"""Background work on inputs: reading an uploaded report, retraining the classifier, and the
daily clean-up of files nobody needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import task

from innspill.common.tasks import reports_progress
from innspill.inputs import importing
from innspill.inputs.cleanup import media_files_cleanup


@task()
@reports_progress
def parse_task(*, task_id: int, draft: str) -> dict[str, Any]:
    """Read and structure an uploaded draft, reporting pages done."""
    return importing.parse_task(task_id=task_id, draft=draft)


@task()
@reports_progress
def train_task(*, task_id: int, user_id: int | None) -> dict[str, Any]:
    """Retrain the classifier with staff corrections and reclassify."""
    # Imported here: scikit-learn is heavy, and only this task needs it.
    from innspill.inputs.classification import classifier_train

    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    result = classifier_train(by=by, task_id=task_id)
    return {
        "reclassified": result["reclassified"],
        "scores": result["meta"].get("scores", {}),
        "next_url": reverse("inputs:classifier-train"),
    }


@task()
def files_cleanup_task() -> dict[str, int]:
    """Daily (common/schedule.py): stale import drafts and orphan source files removed."""
    result = media_files_cleanup()
    return {"drafts": result.drafts, "orphans": result.orphans}
