"""The answer form built from a round's questions, and the staff forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.common.content import Localized, localized
from innspill.cycles.models import Cycle, QuestionRound
from innspill.organisations.models import OrganisationType, Region
from innspill.rounds.models import RoundAnswer, RoundQuestion
from innspill.rounds.selectors import Participation
from innspill.rounds.services import MAX_ANSWER_LENGTH


def field_name(question: RoundQuestion) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One text area per question; every answer may be left empty in a draft."""

    def __init__(
        self,
        *args: Any,
        questions: list[RoundQuestion],
        answers: dict[int, RoundAnswer],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            answer = answers.get(question.pk)
            text = localized(question, "text")
            self.fields[field_name(question)] = forms.CharField(
                label=Localized(text.text, text.fallback, prefix=f"{number}. "),
                required=False,
                max_length=MAX_ANSWER_LENGTH,
                initial=answer.text if answer else "",
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        submitting = self.data.get("action") == "submit"
        if submitting and not any(
            (cleaned.get(field_name(q)) or "").strip() for q in self.questions
        ):
            raise forms.ValidationError(_("Skriv svar på minst ett spørsmål før dere sender inn."))
        return cleaned

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(field_name(q), "") for q in self.questions}

    def bound(self) -> list[tuple[RoundQuestion, forms.BoundField]]:
        return [(q, self[field_name(q)]) for q in self.questions]


class RoundForm(forms.Form):
    cycle = forms.ModelChoiceField(label=_("År"), queryset=Cycle.objects.order_by("-year"))
    title = forms.CharField(label=_("Tittel"), max_length=300)
    intro = forms.CharField(
        label=_("Innledning i e-posten og på svarsiden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    questions = forms.CharField(
        label=_("Spørsmål"),
        help_text=_("Ett spørsmål per linje."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    closes_at = forms.DateTimeField(
        label=_("Svarfrist"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def question_list(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class RoundSettingsForm(forms.ModelForm):
    class Meta:
        model = QuestionRound
        fields = ["intro", "closes_at"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class RegistryFilterForm(forms.Form):
    """Which organisations of the registry to show for adding (GET)."""

    type = forms.MultipleChoiceField(
        label=_("Type"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.MultipleChoiceField(
        label=_("Fylke/region"),
        choices=Region.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    participation = forms.ChoiceField(
        label=_("Tidligere deltakelse"),
        required=False,
        choices=[
            (Participation.ANY, _("Alle")),
            (Participation.ASKED, _("Spurt i en tidligere runde")),
            (Participation.ANSWERED, _("Svarte i en tidligere runde")),
            (Participation.NEVER, _("Aldri spurt før")),
        ],
    )


class RecipientsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Mottakerliste (CSV)"),
        help_text=_(
            "Kolonnene name, type, email, region og eventuelt language (for eksempel «ar» "
            "eller «arabisk»: e-postene og svarsiden blir på det språket); komma eller semikolon."
        ),
    )


class PhoneForm(forms.Form):
    note = forms.CharField(
        label=_("Notat fra samtalen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
