from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.cycles.models import Cycle
from innspill.reports.models import ReportType

OPERATIONS = ["text", "add", "move", "hide", "show", "restore"]


class DraftForm(forms.Form):
    cycle = forms.ModelChoiceField(Cycle.objects.all(), label=_("År"), to_field_name="year")
    report_type = forms.ChoiceField(choices=ReportType.choices, label=_("Rapport"))
    replace = forms.BooleanField(
        required=False,
        label=_("Erstatt utkastet og endringene mine med et nytt utkast fra dataene"),
    )


class EditForm(forms.Form):
    """One edit of the draft; the revision makes a repeated post a no-op."""

    op = forms.ChoiceField(choices=[(op, op) for op in OPERATIONS])
    revision = forms.IntegerField(min_value=0)
    section = forms.IntegerField(min_value=0)
    block = forms.IntegerField(min_value=0, required=False)
    item = forms.IntegerField(min_value=0, required=False)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    text = forms.CharField(label=_("Tekst"), required=False, max_length=20_000)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Jeg har lest forhåndsvisningen og vil publisere denne versjonen"), required=True
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
