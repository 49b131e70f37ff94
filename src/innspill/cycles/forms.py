from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.cycles.models import Cycle, CyclePhase, PhaseKey
from innspill.cycles.services import default_cycle_title


class NoSuffix:
    """Labels without Django's trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CycleForm(NoSuffix, forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["year", "title", "theme", "description"]
        labels = {
            "year": _("År"),
            "title": _("Tittel"),
            "theme": _("Årets tema"),
            "description": _("Beskrivelse"),
        }
        help_texts = {"title": _("Tomt gir «Den nasjonale integreringskonferansen» og året.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        if self.instance.pk:
            # The year names the cycle; inputs and imports find it by the year.
            del self.fields["year"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Året må være mellom 2000 og 2100."))
        if Cycle.objects.filter(year=year).exists():
            raise forms.ValidationError(
                _("Det finnes allerede en syklus for %(year)s.") % {"year": year}
            )
        return year

    def clean_title(self) -> str:
        # Filled here, not only in the service, so the model's own check sees a title.
        year = self.cleaned_data.get("year", self.instance.year)
        title = self.cleaned_data["title"].strip()
        return title or (default_cycle_title(year) if year else "")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PhasesForm(NoSuffix, forms.Form):
    """A start and an end date for each phase; both empty removes the phase from the plan."""

    def __init__(self, *args, cycle: Cycle, **kwargs):
        initial = {}
        for phase in CyclePhase.objects.filter(cycle=cycle):
            initial[f"{phase.key}-starts"] = phase.starts_on
            initial[f"{phase.key}-ends"] = phase.ends_on
        super().__init__(*args, initial=initial, **kwargs)
        for key, label in PhaseKey.choices:
            self.fields[f"{key}-starts"] = forms.DateField(
                label=_("%(phase)s starter") % {"phase": label}, required=False, widget=DateInput()
            )
            self.fields[f"{key}-ends"] = forms.DateField(
                label=_("%(phase)s slutter") % {"phase": label}, required=False, widget=DateInput()
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (label, self[f"{key}-starts"], self[f"{key}-ends"]) for key, label in PhaseKey.choices
        ]

    def clean(self):
        data = super().clean()
        for key, _label in PhaseKey.choices:
            starts, ends = data.get(f"{key}-starts"), data.get(f"{key}-ends")
            if f"{key}-starts" in self.errors or f"{key}-ends" in self.errors:
                continue
            if starts and not ends:
                self.add_error(f"{key}-ends", _("Oppgi sluttdato, eller tøm begge datoene."))
            elif ends and not starts:
                self.add_error(f"{key}-starts", _("Oppgi startdato, eller tøm begge datoene."))
            elif starts and ends and ends < starts:
                self.add_error(f"{key}-ends", _("Sluttdatoen kan ikke være før startdatoen."))
        return data

    def phases(self) -> dict[str, tuple[date, date] | None]:
        """The cleaned dates keyed by phase, None for a phase left empty."""
        out: dict[str, tuple[date, date] | None] = {}
        for key, _label in PhaseKey.choices:
            starts, ends = self.cleaned_data[f"{key}-starts"], self.cleaned_data[f"{key}-ends"]
            out[key] = (starts, ends) if starts and ends else None
        return out
