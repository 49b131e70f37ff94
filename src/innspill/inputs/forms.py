from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.analysis.text import normalise
from innspill.conferences.models import Session
from innspill.inputs.models import Input, Status
from innspill.inputs.services import MAX_TEXT_LENGTH
from innspill.organisations.models import OrganisationType, Region

ACCEPTED = {".pdf", ".docx", ".txt", ".md"}
MAX_UPLOAD_MB = 50


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Rapportfil"),
        help_text=_("PDF (også skannet), Word (.docx), tekst eller Markdown. Maks %(mb)s MB.")
        % {"mb": MAX_UPLOAD_MB},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ACCEPTED:
            raise forms.ValidationError(
                _("Filtypen %(suffix)s støttes ikke. Bruk PDF, DOCX, TXT eller MD.")
                % {"suffix": suffix or "?"}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Filen er tom."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Filen er større enn %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
        return upload


class NoSuffix:
    """Labels without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class InputFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk i teksten"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Status.choices]
    )
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)


class InputEditForm(NoSuffix, forms.Form):
    text = forms.CharField(
        label=_("Tekst"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Innspillet kan ikke være tomt.")},
    )
    group_heading = forms.CharField(label=_("Overskrift i kilden"), max_length=500, required=False)
    organisation_type = forms.ChoiceField(
        label=_("Organisasjonstype"), required=False, choices=[("", "—"), *OrganisationType.choices]
    )
    region = forms.ChoiceField(
        label=_("Fylke/region"), required=False, choices=[("", "—"), *Region.choices]
    )

    def clean_text(self) -> str:
        text = normalise(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Innspillet kan ikke være tomt."))
        return text


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Session) -> str:
        return f"{obj.conference.cycle.year} · {obj.conference.title} · {obj}"


class InputMoveForm(NoSuffix, forms.Form):
    session = SessionChoiceField(label=_("Flytt til sesjon"), queryset=Session.objects.none())

    def __init__(self, *args, item: Input, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            Session.objects.exclude(pk=item.session_id)
            .select_related("conference__cycle")
            .order_by("-conference__cycle__year", "conference__title", "number", "title", "pk")
        )


class InputHideForm(NoSuffix, forms.Form):
    reason = forms.CharField(
        label=_("Grunn (valgfritt, bare for redaksjonen)"),
        required=False,
        max_length=300,
    )


class InputMergeForm(NoSuffix, forms.Form):
    into = forms.IntegerField(
        label=_("Slå sammen med innspill nr."),
        min_value=1,
        help_text=_("Nummeret står i adressen og øverst på innspillets side."),
    )
    text = forms.CharField(
        label=_("Tekst etter sammenslåingen"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tomt beholder teksten til innspillet det slås sammen med."),
    )

    def __init__(self, *args, item: Input, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.target: Input | None = None

    def clean_into(self) -> int:
        pk = self.cleaned_data["into"]
        if pk == self.item.pk:
            raise forms.ValidationError(_("Et innspill kan ikke slås sammen med seg selv."))
        target = Input.objects.filter(pk=pk).first()
        if target is None:
            raise forms.ValidationError(_("Fant ikke innspill nr. %(pk)s.") % {"pk": pk})
        if target.status == Status.MERGED:
            raise forms.ValidationError(
                _("Innspill nr. %(pk)s er allerede slått sammen med nr. %(into)s. Velg det.")
                % {"pk": pk, "into": target.merged_into_id}
            )
        self.target = target
        return pk
