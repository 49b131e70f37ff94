"""The two reports of a cycle: an editable draft and its frozen, published versions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innspill.common import clock
from innspill.cycles.models import Cycle


class ReportType(models.TextChoices):
    CONFERENCE = "conference", _("Konferanserapport")
    INPUT = "input", _("Innspillsrapport")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class Report(models.Model):
    """One report of a cycle. `draft` is `document_to_dict` output plus our hidden flags.

    `version` is the number the draft gets when published; after publishing, status is
    published and the draft equals that version until the next edit starts version + 1.
    `revision` counts edits, so a stale or repeated form post is refused, not applied twice.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reports")
    report_type = models.CharField(_("rapporttype"), max_length=16, choices=ReportType.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    draft = models.JSONField(_("utkast"), default=dict)
    version = models.PositiveIntegerField(_("versjon"), default=1)
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-cycle__year", "report_type"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "report_type"], name="report_unique_type"),
            models.CheckConstraint(
                condition=Q(report_type__in=ReportType.values), name="report_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_valid"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_report_type_display()} {self.cycle.year}"


class FrozenVersionError(Exception):
    """A published version is never changed."""


class ReportVersion(models.Model):
    """A published version: the document and its three files exactly as published."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("versjon"))
    document = models.JSONField(_("dokument"))
    html = models.BinaryField()
    pdf = models.BinaryField()
    docx = models.BinaryField()
    html_sha256 = models.CharField(max_length=64)
    pdf_sha256 = models.CharField(max_length=64)
    docx_sha256 = models.CharField(max_length=64)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(_("publisert"), default=clock.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "-version"]
        verbose_name = _("publisert versjon")
        verbose_name_plural = _("publiserte versjoner")
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="reportversion_unique"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}_sha256__regex": r"^[0-9a-f]{64}$"}),
                    name=f"reportversion_{name}_hash",
                )
                for name in ("html", "pdf", "docx")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise FrozenVersionError(f"{self} er publisert og kan ikke endres")
        super().save(*args, **kwargs)

    def file(self, output_format: str) -> bytes:
        return bytes(getattr(self, output_format))
