from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innspill.inputs.models import Actor, Input, Kind, SourceDocument, Theme


@admin.register(Theme, Actor, Kind)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "year", "imported_at"]
    readonly_fields = ["sha256", "structure", "warnings", "imported_at", "imported_by"]


@admin.register(Input)
class InputAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "theme", "kind", "status", "classified_by"]
    list_filter = ["status", "year", "theme", "kind", "origin"]
    search_fields = ["text"]
    raw_id_fields = ["session", "conference", "merged_into", "source_document", "meeting", "cycle"]
    filter_horizontal = ["themes", "actors"]
    readonly_fields = ["fingerprint", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # A staff edit of labels overrides the model from now on.
        if change and {"theme", "kind"} & set(form.changed_data):
            obj.classified_by = "staff"
        obj.year = obj.cycle.year
        super().save_model(request, obj, form, change)
