from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innspill.conferences.models import Conference, Session, Summary


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = [
        "kind",
        "number",
        "title",
        "leader_name",
        "leader_role",
        "room",
        "starts_at",
        "ends_at",
        "capacity",
    ]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cycle", "date", "venue", "capacity"]
    list_filter = ["cycle"]
    inlines = [SessionInline]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "conference", "leader_name", "room", "capacity"]
    list_filter = ["kind", "conference__cycle"]
    search_fields = ["title", "leader_name"]


@admin.register(Summary)
class SummaryAdmin(SimpleHistoryAdmin):
    list_display = ["leader_name", "conference", "session"]
