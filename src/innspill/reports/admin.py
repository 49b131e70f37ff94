from django.contrib import admin

from innspill.reports.models import Report, ReportVersion


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["cycle", "report_type", "status", "version", "updated_at"]
    list_filter = ["report_type", "status"]
    readonly_fields = ["draft", "revision"]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    """Published versions are frozen: read only."""

    list_display = ["report", "version", "published_at", "published_by", "pdf_pages"]
    exclude = ["html", "pdf", "docx"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("html", "pdf", "docx", "document")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
