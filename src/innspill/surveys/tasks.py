"""Background work of surveys: sending the links or the reminders, with progress; retention."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from innspill.common.tasks import reports_progress, task_progress
from innspill.surveys.models import Survey
from innspill.surveys.privacy import survey_contacts_purge
from innspill.surveys.services import survey_remind, survey_send_to_participants


@task()
@reports_progress
def survey_mail_task(
    *,
    task_id: int,
    survey_id: int,
    what: str,
    base_url: str,
    user_id: int,
    include_all_registered: bool = False,
    early_reason: str = "",
) -> dict:
    """Send the links ("send", to those checked in or to all registered) or the reminders."""
    survey = Survey.objects.get(pk=survey_id)
    by = get_user_model().objects.get(pk=user_id)

    def progress(done: int, total: int) -> None:
        task_progress(
            task_id,
            done=done,
            total=total,
            message=_("e-post %(done)s av %(total)s") % {"done": done, "total": total},
        )

    if what == "remind":
        sent = survey_remind(survey=survey, base_url=base_url, by=by, progress=progress)
    else:
        sent = survey_send_to_participants(
            survey=survey,
            base_url=base_url,
            by=by,
            include_all_registered=include_all_registered,
            early_reason=early_reason,
            progress=progress,
        )
    task_progress(task_id, done=sent, total=sent, message=_("Ferdig: %(n)s sendt") % {"n": sent})
    return {"sent": sent, "next_url": reverse("surveys:builder", args=[survey_id])}


@task()
def survey_contacts_purge_task() -> dict[str, int]:
    """Daily (common/schedule.py): survey addresses anonymised after the retention time."""
    return {"anonymised": survey_contacts_purge()}
