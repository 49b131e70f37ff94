"""The answer form built from the survey's questions, and the staff forms of the builder."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.common.content import localized
from innspill.surveys.choices import INTENT_ANSWER_CHOICES, SATISFACTION_ANSWER_CHOICES
from innspill.surveys.models import Question, QuestionKind, QuestionTopic, Survey


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question: radio buttons for the scales, a text area for comments."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field: forms.Field
            label = localized(question, "text")
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(
                    label=label,
                    required=question.required,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            else:
                choices = (
                    SATISFACTION_ANSWER_CHOICES
                    if question.kind == QuestionKind.SATISFACTION
                    else INTENT_ANSWER_CHOICES
                )
                field = forms.ChoiceField(
                    label=label,
                    required=question.required,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Velg et svar.")},
                )
            self.fields[field_name(question)] = field

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(field_name(q)) or "" for q in self.questions}

    def error_fields(self) -> list[tuple[str, str, str]]:
        """(anchor id, label, message) per error, for the error summary."""
        out: list[tuple[str, str, str]] = []
        for name, errors in self.errors.items():
            field = self[name]
            # radio groups: link to the first radio button
            anchor = (
                f"{field.auto_id}_0"
                if isinstance(field.field.widget, forms.RadioSelect)
                else field.auto_id
            )
            out.extend((anchor, str(field.label), str(e)) for e in errors)
        return out


class SurveySettingsForm(forms.ModelForm):
    closes_at = forms.DateTimeField(
        label=_("Svarfrist"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    class Meta:
        model = Survey
        fields = ["title", "intro", "closes_at"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Spørsmål"), max_length=500)
    kind = forms.ChoiceField(label=_("Svartype"), choices=QuestionKind.choices)
    topic = forms.ChoiceField(
        label=_("Gjelder"), choices=QuestionTopic.choices, initial=QuestionTopic.OTHER
    )
    required = forms.BooleanField(label=_("Må besvares"), required=False, initial=True)
