from django.contrib import admin

from innspill.registrations.models import Invitation, PlacementChange, PlacementRun, Registration


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "conference", "status", "revoked_at"]
    list_filter = ["status", "conference"]
    search_fields = ["name", "email"]
    exclude = ["token_hash", "link_nonce"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_name", "conference", "status", "checked_in_at"]
    list_filter = ["status", "conference"]
    search_fields = ["name", "organisation_name"]


@admin.register(PlacementRun)
class PlacementRunAdmin(admin.ModelAdmin):
    list_display = ["conference", "created_at", "published_at"]


@admin.register(PlacementChange)
class PlacementChangeAdmin(admin.ModelAdmin):
    list_display = ["registration", "block", "session_from", "session_to", "reason", "at", "by"]
    list_filter = ["reason", "run__conference"]
