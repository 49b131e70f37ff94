from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.followups.models import FollowUpStatus, Owner, OwnerKind


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    answer = forms.CharField(
        label=_("Offentlig svar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva er gjort, eller hvorfor ikke. Vises offentlig."),
    )
    url = forms.URLField(
        label=_("Lenke til tiltaket (valgfritt)"), required=False, assume_scheme="https"
    )
    date = forms.DateField(
        label=_("Dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=Owner.objects.filter(active=True),
        required=False,
        empty_label=_("Standard ansvarlig ut fra aktøren innspillet retter seg mot"),
    )
    due_date = forms.DateField(
        label=_("Frist"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Regneark (XLSX eller CSV)"),
        help_text=_("Kolonnene input eller cluster, ministry, status, answer, url, date."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Bare .xlsx og .csv kan leses."))
        return upload


class OwnerForm(forms.ModelForm):
    class Meta:
        model = Owner
        fields = ["short_name", "name", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Owner.objects.filter(kind=OwnerKind.MINISTRY)
