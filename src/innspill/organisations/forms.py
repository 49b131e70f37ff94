from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.organisations.models import Organisation, OrganisationType, Person, Region
from innspill.organisations.validators import normalise_orgnr, validate_orgnr


class NoSuffix:
    """Labels without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OrganisationForm(NoSuffix, forms.ModelForm):
    # Wider than the stored nine digits: people paste «NO 974 760 673 MVA».
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"),
        max_length=20,
        required=False,
        help_text=_("Ni siffer fra Enhetsregisteret. Mellomrom og «MVA» fjernes."),
    )

    class Meta:
        model = Organisation
        fields = ["name", "type", "org_number", "municipality", "region"]
        labels = {
            "name": _("Navn"),
            "type": _("Type"),
            "municipality": _("Kommune"),
            "region": _("Fylke/region"),
        }
        help_texts = {
            "municipality": _(
                "Kommunens navn. Et eldre navn (før sammenslåingene) gir dagens kommune og "
                "kommunenummer fra SSBs register."
            ),
        }

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"].strip()
        if not value:
            return ""
        validate_orgnr(value)
        digits = normalise_orgnr(value)
        taken = Organisation.objects.filter(org_number=digits).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(
                _("Organisasjonsnummeret %(nr)s er allerede registrert på «%(name)s».")
                % {"nr": digits, "name": taken.name}
            )
        return digits


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Alle typer")), *OrganisationType.choices]
    )
    region = forms.ChoiceField(
        label=_("Fylke/region"), required=False, choices=[("", _("Alle")), *Region.choices]
    )


class PersonForm(NoSuffix, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone", "organisation", "role"]
        labels = {
            "name": _("Navn"),
            "email": _("E-post"),
            "phone": _("Telefon"),
            "organisation": _("Organisasjon"),
            "role": _("Rolle"),
        }
        help_texts = {"role": _("For eksempel daglig leder eller styreleder.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = _("(ingen)")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and Person.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("En kontaktperson med denne e-postadressen finnes allerede.")
            )
        return email


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
