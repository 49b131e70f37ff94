"""An audit trail for bulk operations that per-row history does not cover (loads, imports, training)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("handling"), max_length=64)
    target = models.CharField(_("gjelder"), max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("revisjonslogg")
        verbose_name_plural = _("revisjonslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


def audit(*, action: str, target: str = "", details: dict | None = None, by=None) -> AuditEvent:
    """Record one audited event (kept short: the details say what changed)."""
    user = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(user=user, action=action, target=target, details=details or {})
