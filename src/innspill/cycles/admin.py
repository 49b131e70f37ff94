from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innspill.cycles.models import Cycle, CyclePhase, EvaluationResult, Meeting, QuestionRound


class CyclePhaseInline(admin.TabularInline):
    model = CyclePhase
    extra = 0


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "theme"]
    search_fields = ["title", "theme"]
    inlines = [CyclePhaseInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["place", "municipality_number", "date", "cycle", "attendance"]
    list_filter = ["cycle"]


@admin.register(QuestionRound)
class QuestionRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle"]


@admin.register(EvaluationResult)
class EvaluationResultAdmin(SimpleHistoryAdmin):
    list_display = [
        "cycle",
        "source",
        "response_rate",
        "satisfied_overall",
        "would_attend_next_year",
    ]
