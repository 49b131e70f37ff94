"""Live capture of a session's inputs on the conference day: who may write, what arrived, from which device.

A submission is what a phone (or the rapporteur's board) sent; the `inputs.Input` it
becomes when accepted is the archive's record. Nothing here names a person.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innspill.common import clock
from innspill.conferences.models import Session, Summary
from innspill.inputs.models import Input

DEFAULT_GROUPS = ("Barrierer", "Tiltak")


class CaptureState(models.TextChoices):
    PLANNED = "planned", _("Ikke åpnet")
    OPEN = "open", _("Åpen")
    CLOSED = "closed", _("Lukket")


class Capture(models.Model):
    """A session's capture: its short code, when it takes submissions, and how they are moderated."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="capture")
    code = models.CharField(_("kode"), max_length=12, unique=True)
    state = models.CharField(
        _("tilstand"), max_length=16, choices=CaptureState.choices, default=CaptureState.PLANNED
    )
    moderated = models.BooleanField(
        _("forhåndsmoderert"),
        default=True,
        help_text=_("Deltakernes innspill vises først når referenten har godtatt dem."),
    )
    opens_at = models.DateTimeField(_("åpnet"), null=True, blank=True)
    # None: open until someone closes it (a test before the day, a session without an end time).
    closes_at = models.DateTimeField(_("lukkes"), null=True, blank=True)
    grace_minutes = models.PositiveSmallIntegerField(_("slingringsmonn (minutter)"), default=15)
    meeting_url = models.URLField(_("lenke til videomøte"), blank=True)
    rapporteurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="captures", verbose_name=_("referenter")
    )
    summary = models.OneToOneField(
        Summary, on_delete=models.SET_NULL, null=True, blank=True, related_name="capture"
    )
    # Bumped by every write that changes what the wall shows; the wall's poll compares it.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session__conference", "session__number", "id"]
        verbose_name = _("innspillsmottak")
        verbose_name_plural = _("innspillsmottak")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=CaptureState.values), name="capture_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z0-9]{4,12}$"), name="capture_code_format"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gte=F("opens_at")),
                name="capture_closes_after_open",
            ),
            models.CheckConstraint(
                condition=~Q(state=CaptureState.OPEN) | Q(opens_at__isnull=False),
                name="capture_open_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.session}"

    def deadline(self) -> datetime | None:
        """The last moment a submission counts as on time, or None."""
        if self.closes_at is None:
            return None
        return self.closes_at + timedelta(minutes=self.grace_minutes)

    def is_open(self, at: datetime | None = None) -> bool:
        at = at or clock.now()
        if self.state != CaptureState.OPEN or self.opens_at is None or at < self.opens_at:
            return False
        deadline = self.deadline()
        return deadline is None or at <= deadline


class CaptureGroup(models.Model):
    """A heading inputs are gathered under (Barrierer / Tiltak, or one of the session's questions)."""

    capture = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(_("overskrift"), max_length=300)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["capture", "position", "id"]
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        constraints = [
            models.UniqueConstraint(fields=["capture", "title"], name="capturegroup_unique_title"),
            models.CheckConstraint(condition=~Q(title=""), name="capturegroup_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("venter")
    ACCEPTED = "accepted", _("godtatt")
    MERGED = "merged", _("slått sammen")
    REJECTED = "rejected", _("ikke brukt")
    WITHDRAWN = "withdrawn", _("trukket")
    LATE = "late", _("kom for sent")


class Submission(models.Model):
    """One input as sent from a device; `client_id` is made there, so a resend is recognised."""

    capture = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="submissions")
    client_id = models.UUIDField(unique=True)
    # A random id the browser keeps (not a person): rate limits and «mine» are per device.
    device_id = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("tekst"))
    group = models.ForeignKey(
        CaptureGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("gruppe"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.PENDING,
    )
    reason = models.CharField(_("begrunnelse"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    input = models.OneToOneField(
        Input, on_delete=models.SET_NULL, null=True, blank=True, related_name="submission"
    )
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    from_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["capture", "position", "id"]
        verbose_name = _("innsending")
        verbose_name_plural = _("innsendinger")
        indexes = [
            models.Index(fields=["capture", "created_at"], name="submission_capture_time"),
            models.Index(fields=["device_id", "created_at"], name="submission_device_time"),
            models.Index(fields=["capture", "status"], name="submission_capture_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="submission_text_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values), name="submission_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.ACCEPTED) | Q(input__isnull=False),
                name="submission_accepted_has_input",
            ),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.MERGED) | Q(merged_into__isnull=False),
                name="submission_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


ACTION_LABELS = {
    "add": _("nytt innspill"),
    "accept": _("godta"),
    "edit": _("rediger"),
    "reject": _("ikke bruk"),
    "merge": _("slå sammen"),
    "move": _("flytt"),
    "transfer": _("flytt til annen sesjon"),
}


class BoardAction(models.Model):
    """What a board action changed, so the last one can be undone."""

    capture = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=40)
    # [{"submission": id, "fields": {...}, "input": {...} | None, "created": bool}, ...]
    before = models.JSONField(default=list)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=clock.now, editable=False)
    undone = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.capture_id}: {self.action}"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
