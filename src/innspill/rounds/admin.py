from django.contrib import admin

from innspill.rounds.models import Recipient, RoundQuestion


@admin.register(RoundQuestion)
class RoundQuestionAdmin(admin.ModelAdmin):
    list_display = ["round", "position", "text"]
    list_select_related = ["round"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["organisation", "round", "sent_at", "opened_at", "answered_at", "reminded_at"]
    list_select_related = ["organisation", "round"]
    raw_id_fields = ["organisation"]
