"""Retention of the survey's only personal data: the e-mail addresses its links went to."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from innspill.common import clock
from innspill.common.models import audit
from innspill.surveys.models import SurveyInvitation, SurveyLink

ANONYMOUS_SUFFIX = "@anonymisert.invalid"


def survey_contacts_purge(*, now: datetime | None = None) -> int:
    """Anonymise the addresses a survey was sent to, PERSONAL_DATA_RETENTION_DAYS after its
    conference (or after its closing time, or its creation, when there is no conference date).

    Keeps the rows, so the response rate stays; deletes their link tokens. Audited when it
    changed anything. Returns how many addresses were anonymised.
    """
    now = now or clock.now()
    days = settings.INNSPILL["PERSONAL_DATA_RETENTION_DAYS"]
    day_cutoff = timezone.localdate(now) - timedelta(days=days)
    time_cutoff = now - timedelta(days=days)
    due = (
        SurveyInvitation.objects.exclude(email__endswith=ANONYMOUS_SUFFIX)
        .filter(
            Q(survey__conference__date__lt=day_cutoff)
            | Q(survey__conference__date__isnull=True, survey__closes_at__lt=time_cutoff)
            | Q(
                survey__conference__date__isnull=True,
                survey__closes_at__isnull=True,
                survey__created_at__lt=time_cutoff,
            )
        )
        .values_list("pk", flat=True)
    )
    ids = list(due)
    with transaction.atomic():
        SurveyLink.objects.filter(invitation_id__in=ids).delete()
        for pk in ids:
            # unique per survey, and .invalid can never receive mail
            SurveyInvitation.objects.filter(pk=pk).update(email=f"slettet-{pk}{ANONYMOUS_SUFFIX}")
        if ids:
            audit(action="personal_data.retention", details={"survey_contacts": len(ids)})
    return len(ids)
