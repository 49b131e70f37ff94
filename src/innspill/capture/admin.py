from django.contrib import admin

from innspill.capture.models import Capture, CaptureGroup


class CaptureGroupInline(admin.TabularInline):
    model = CaptureGroup
    extra = 0


@admin.register(Capture)
class CaptureAdmin(admin.ModelAdmin):
    """Rapporteurs are attached to their sessions here; opening and closing happen on the board."""

    list_display = ("code", "session", "state", "moderated", "opens_at", "closes_at")
    list_filter = ("state", "moderated", "session__conference")
    filter_horizontal = ("rapporteurs",)
    readonly_fields = ("code", "state", "opens_at", "closes_at", "summary", "version")
    inlines = [CaptureGroupInline]
