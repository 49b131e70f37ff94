from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.conferences.forms import NoSuffix
from innspill.organisations.models import OrganisationType, Region
from innspill.registrations.models import Language

RANK_LABELS = [_("1. ønske"), _("2. ønske"), _("3. ønske"), _("4. ønske"), _("5. ønske")]


class RegistrationForm(NoSuffix, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    organisation_name = forms.CharField(label=_("Organisasjon"), max_length=300)
    organisation_type = forms.ChoiceField(
        label=_("Type organisasjon"), choices=[("", "—"), *OrganisationType.choices], required=False
    )
    region = forms.ChoiceField(
        label=_("Fylke/region"), choices=[("", "—"), *Region.choices], required=False
    )
    dietary = forms.CharField(
        label=_("Kosthold og allergier"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "aria-describedby": "needs-why"}),
    )
    accessibility = forms.CharField(
        label=_("Behov for tilrettelegging"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "aria-describedby": "needs-why"}),
    )
    social = forms.BooleanField(label=_("Jeg blir med på det sosiale samværet"), required=False)
    consent = forms.BooleanField(
        label=_("Jeg samtykker til at opplysningene lagres for å planlegge konferansen"),
    )

    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = []
        for block, sessions in blocks:
            choices = [
                ("", _("Velg sesjon")),
                *[(str(s.pk), s.display.marked_text) for s in sessions],
            ]
            names = []
            for rank in range(1, min(3, len(sessions)) + 1):
                name = f"wish_{block.pk}_{rank}"
                self.fields[name] = forms.ChoiceField(
                    label=RANK_LABELS[rank - 1], choices=choices, required=rank == 1
                )
                names.append(name)
            self.blocks.append((block, names))

    def wish_fieldsets(self):
        return [(block, [self[n] for n in names]) for block, names in self.blocks]

    def other_fields(self):
        wish_names = {n for _b, names in self.blocks for n in names}
        return [self[n] for n in self.fields if n not in wish_names and n != "consent"]

    def clean(self):
        data = super().clean()
        self.wishes: dict[int, list[int]] = {}
        for block, names in self.blocks:
            chosen = [data.get(n) for n in names]
            seen: list[int] = []
            for name, value in zip(names, chosen, strict=True):
                if not value:
                    continue
                if int(value) in seen:
                    self.add_error(name, _("Du har allerede valgt denne sesjonen."))
                seen.append(int(value))
            self.wishes[block.pk] = seen
        return data


class InvitationForm(NoSuffix, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    organisation_name = forms.CharField(label=_("Organisasjon"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Språk i e-posten"), choices=Language.choices)


class UploadForm(NoSuffix, forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Kolonner: navn, e-post, organisasjon, språk (nb, nn, en, se, ar, so, ti, uk eller pl)."
        ),
    )


class BalanceForm(NoSuffix, forms.Form):
    organisation_type = forms.FloatField(
        label=_("Vekt for organisasjonstype"),
        min_value=0,
        max_value=1000,
        initial=0,
        required=False,
    )
    region = forms.FloatField(
        label=_("Vekt for fylke/region"), min_value=0, max_value=1000, initial=0, required=False
    )


class SubstituteForm(NoSuffix, forms.Form):
    name = forms.CharField(label=_("Stedfortrederens navn"), max_length=200)
    email = forms.EmailField(label=_("Stedfortrederens e-post"))
