from django.contrib import admin

from innspill.practices.models import Practice


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality_name", "municipality_number", "year", "theme"]
    list_filter = ["year", "theme"]
    search_fields = ["title", "municipality_name", "description"]
    raw_id_fields = ["source_document", "source_input"]
    readonly_fields = ["search_stems", "matched_version"]
