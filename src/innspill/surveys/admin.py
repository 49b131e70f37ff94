"""Admin: the questionnaire and who was sent a link. Answers are read on the statistics page."""

from django.contrib import admin

from innspill.surveys.models import Question, Survey, SurveyInvitation


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "topic", "text", "required"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "closes_at"]
    inlines = [QuestionInline]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "survey", "sent_at", "reminders", "spent"]
    list_filter = ["survey"]
    # links and answers are never shown or edited here
    readonly_fields = [
        "survey",
        "email",
        "language",
        "sent_at",
        "reminded_at",
        "reminders",
        "spent",
    ]
