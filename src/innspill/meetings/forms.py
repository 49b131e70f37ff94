from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.organisations.models import OrganisationType


class MeetingForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    place = forms.CharField(label=_("Sted"), max_length=200)
    municipality = forms.CharField(
        label=_("Kommune (navn eller nummer)"), max_length=100, required=False
    )
    date = forms.DateField(
        label=_("Dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notater"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in OrganisationType.choices:
            # a bound a meeting room never reaches, and the database's integers always hold
            self.fields[f"attendance_{key}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100_000, required=False
            )

    def attendance_by_type(self) -> dict[str, int]:
        return {
            key: self.cleaned_data.get(f"attendance_{key}") or 0 for key in OrganisationType.values
        }

    def attendance_fields(self):
        return [self[f"attendance_{key}"] for key in OrganisationType.values]


class MeetingInputsForm(forms.Form):
    texts = forms.CharField(
        label=_("Innspill, ett per linje"), widget=forms.Textarea(attrs={"rows": 6})
    )
    organisation_type = forms.ChoiceField(
        label=_("Fra organisasjonstype"),
        choices=[("", _("Ikke oppgitt")), *OrganisationType.choices],
        required=False,
    )


class MeetingImportForm(forms.Form):
    file = forms.FileField(label=_("Referat (tekst, DOCX eller PDF)"))
    organisation_type = forms.ChoiceField(
        label=_("Fra organisasjonstype"),
        choices=[("", _("Ikke oppgitt")), *OrganisationType.choices],
        required=False,
    )


class MeetingCaptureForm(forms.Form):
    code = forms.CharField(label=_("Kode for direkteinnsamlingen"), max_length=12)
