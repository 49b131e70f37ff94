from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from innspill.followups.models import ActorOwner, FollowUp, Owner, OwnerMember


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "kind", "parent", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["short_name", "name"]


@admin.register(OwnerMember)
class OwnerMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "owner"]
    autocomplete_fields = ["owner"]


@admin.register(ActorOwner)
class ActorOwnerAdmin(admin.ModelAdmin):
    list_display = ["actor", "owner"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["input", "owner", "status", "due_date", "answered_on", "answered_by"]
    list_filter = ["status", "owner"]
    raw_id_fields = ["input"]
    readonly_fields = ["answered_by", "assigned_by"]
