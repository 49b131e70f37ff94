from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.conferences.models import Block, Conference, Session


class NoSuffix:
    """Labels without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConferenceForm(NoSuffix, forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["cycle", "title", "date", "venue", "capacity", "registration_deadline"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "registration_deadline": DateTimeInput(),
        }


class BlockForm(NoSuffix, forms.ModelForm):
    class Meta:
        model = Block
        fields = ["title", "position"]


class SessionForm(NoSuffix, forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "kind",
            "block",
            "number",
            "title",
            "leader_name",
            "leader_role",
            "speakers",
            "room",
            "capacity",
            "starts_at",
            "ends_at",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "speakers": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "leader_role": _("For eksempel statsråd eller statssekretær i departementet."),
            "capacity": _("Antall seter i rommet."),
        }

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = Block.objects.filter(conference=conference)
        self.instance.conference = conference

    def clean(self):
        data = super().clean()
        if data.get("kind") == "parallel" and not data.get("block"):
            self.add_error("block", _("En parallellsesjon må høre til en parallellblokk."))
        if data.get("kind") == "parallel" and not data.get("capacity"):
            self.add_error("capacity", _("Oppgi antall plasser for parallellsesjonen."))
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("Slutt kan ikke være før start."))
        return data
