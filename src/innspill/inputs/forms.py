import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innspill.analysis.text import normalise
from innspill.conferences.models import Session
from innspill.cycles.models import FigureMeasure, FigureSubject
from innspill.documents.model import UNSURE
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


# --- The import preview: every value the import saves, editable, with the reader's doubts marked ---

KIND_CHOICES = [
    ("conference_report", _("Konferanserapport")),
    ("input_report", _("Innspillsrapport")),
    ("practices", _("Hefte med gode grep")),
    ("other", _("Annet dokument")),
]
YEAR_SOURCES = {
    "cover": _("forsiden"),
    "title": _("tittelen"),
    "file_name": _("filnavnet"),
    "date": _("konferansedatoen"),
}
OTHER_YEAR = "other"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _numbers(text: str) -> list[int]:
    """«1, 2, 4» or «1–4» as [1, 2, 4] or [1, 2, 3, 4]."""
    out: list[int] = []
    for part in re.split(r"[,;\s]+", (text or "").strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)|(\d+)", part)
        if not match:
            raise forms.ValidationError(_("Skriv sesjonsnumre som «1, 2, 3» eller «1–4»."))
        if match.group(3):
            out.append(int(match.group(3)))
        else:
            low, high = int(match.group(1)), int(match.group(2))
            if high < low or high - low > 50:
                raise forms.ValidationError(
                    _("Intervallet %(part)s stemmer ikke.") % {"part": part}
                )
            out.extend(range(low, high + 1))
    return out


def _number(value: Decimal | None) -> int | float | None:
    """A form's percentage as stored in JSON: «67» stays whole, «66,7» keeps its decimal."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _percent_field(label) -> forms.DecimalField:
    """A percentage as the report states it: whole or with one decimal («66,7»)."""
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=100, decimal_places=1, localize=True
    )


class ReportDocumentForm(NoSuffix, forms.Form):
    """The document as a whole: kind, year (asked for when its sources disagree), title and facts."""

    kind = forms.ChoiceField(
        label=_("Dokumenttype"), choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    year_choice = forms.ChoiceField(
        label=_("Hvilket år gjelder rapporten?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kildene er uenige: velg ett av årene, eller skriv inn et annet.")
        },
    )
    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tittel"), max_length=500, required=False)
    venue = forms.CharField(label=_("Sted"), max_length=300, required=False)
    date = forms.CharField(label=_("Dato"), max_length=100, required=False)
    participants = forms.IntegerField(label=_("Deltakere"), required=False, min_value=0)
    recurring = forms.CharField(
        label=_("Innspill som går igjen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett innspill per linje."),
    )

    def __init__(self, *args, candidates: list[dict[str, Any]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        by_year: dict[int, list[dict[str, Any]]] = {}
        for candidate in candidates or []:
            if isinstance(candidate.get("year"), int):
                by_year.setdefault(candidate["year"], []).append(candidate)
        self.conflict = len(by_year) > 1
        if self.conflict:
            # no initial choice: staff must say which source is right before anything is saved
            self.fields["year_choice"].choices = [
                (str(year), _year_label(year, found)) for year, found in by_year.items()
            ] + [(OTHER_YEAR, _("Et annet år (skriv det i feltet under)"))]
            self.fields["year"].label = _("Annet år")
        else:
            del self.fields["year_choice"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        choice = cleaned.get("year_choice")
        if self.conflict and choice and choice != OTHER_YEAR:
            cleaned["year"] = int(choice)
        elif not cleaned.get("year") and "year" not in self.errors:
            if self.conflict and not choice:
                return cleaned  # the unanswered choice already says what is missing
            self.add_error("year", _("Skriv inn årstallet rapporten gjelder."))
        return cleaned


def _year_label(year: int, found: list[dict[str, Any]]) -> str:
    sources = ", ".join(
        str(YEAR_SOURCES.get(c.get("source", ""), c.get("source", ""))) for c in found
    )
    quoted = next((c["text"] for c in found if c.get("text")), "")
    label = _("%(year)s – fra %(sources)s") % {"year": year, "sources": sources}
    return f"{label} («{quoted[:80]}»)" if quoted else label


class PreviewSessionForm(NoSuffix, forms.Form):
    number = forms.IntegerField(label=_("Nummer"), min_value=1, required=False)
    title = forms.CharField(label=_("Tittel"), max_length=500, required=False)
    leader = forms.CharField(label=_("Leder"), max_length=200, required=False)
    leader_role = forms.CharField(
        label=_("Lederens tittel eller embete"), max_length=300, required=False
    )
    questions = forms.CharField(
        label=_("Spørsmål"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ett spørsmål per linje."),
    )
    added = forms.CharField(
        label=_("Innspill som mangler"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett innspill per linje; de legges til sesjonen slik de står."),
    )

    def clean_added(self) -> list[str]:
        lines = _lines(self.cleaned_data["added"])
        for line in lines:
            if len(line) > MAX_TEXT_LENGTH:
                raise forms.ValidationError(
                    _("Et innspill kan ha høyst %(n)s tegn.") % {"n": MAX_TEXT_LENGTH}
                )
        return lines


class PreviewInputForm(NoSuffix, forms.Form):
    text = forms.CharField(
        label=_("Tekst"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    group = forms.CharField(label=_("Overskrift"), max_length=500, required=False)
    session = forms.TypedChoiceField(label=_("Sesjon"), coerce=int, choices=[])
    drop = forms.BooleanField(label=_("Ikke et innspill"), required=False)

    def __init__(self, *args, session_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = session_choices


class PreviewTipForm(NoSuffix, forms.Form):
    topic = forms.CharField(label=_("Tema"), max_length=500, required=False)
    items = forms.CharField(
        label=_("Oppfordringer og tips"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett punkt per linje."),
    )


class PreviewSummaryForm(NoSuffix, forms.Form):
    leader = forms.CharField(label=_("Hvem oppsummerte"), max_length=200, required=False)
    leader_role = forms.CharField(label=_("Tittel eller embete"), max_length=300, required=False)
    session = forms.TypedChoiceField(
        label=_("Sesjon"), coerce=int, empty_value=None, required=False, choices=[]
    )
    items = forms.CharField(
        label=_("Oppsummering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett punkt per linje."),
    )

    def __init__(self, *args, session_numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "—")] + [
            (n, _("Sesjon %(n)s") % {"n": n}) for n in session_numbers
        ]


class PreviewFigureForm(NoSuffix, forms.Form):
    measure = forms.ChoiceField(
        label=_("Hva som er målt"), choices=[("", "—"), *FigureMeasure.choices]
    )
    subject = forms.ChoiceField(
        label=_("Gjelder"), choices=FigureSubject.choices, initial=FigureSubject.OVERALL
    )
    value = _percent_field(_("Prosent"))
    min = _percent_field(_("Fra prosent"))
    max = _percent_field(_("Til prosent"))
    sessions = forms.CharField(
        label=_("Sesjoner"),
        max_length=200,
        required=False,
        help_text=_("For eksempel «1–4» eller «5, 6»."),
    )

    def clean_sessions(self) -> list[int]:
        return _numbers(self.cleaned_data["sessions"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        value, low, high = cleaned.get("value"), cleaned.get("min"), cleaned.get("max")
        if value is not None and (low is not None or high is not None):
            raise forms.ValidationError(_("Oppgi enten én prosent eller et intervall, ikke begge."))
        if value is None and (low is None or high is None):
            raise forms.ValidationError(
                _("Oppgi en prosent, eller både fra og til for et intervall.")
            )
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("Fra-prosenten er større enn til-prosenten."))
        return cleaned


class PreviewPracticeForm(NoSuffix, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=500, required=False)
    municipality = forms.CharField(label=_("Kommune"), max_length=200, required=False)
    measures = forms.CharField(
        label=_("Tiltak"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ett tiltak per linje."),
    )
    text = forms.CharField(
        label=_("Tekst"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


SessionFormSet = forms.formset_factory(PreviewSessionForm, extra=0)
InputFormSet = forms.formset_factory(PreviewInputForm, extra=0, max_num=3000, absolute_max=3000)
TipFormSet = forms.formset_factory(PreviewTipForm, extra=1, can_delete=True)
SummaryFormSet = forms.formset_factory(PreviewSummaryForm, extra=1, can_delete=True)
FigureFormSet = forms.formset_factory(PreviewFigureForm, extra=1, can_delete=True)
PracticeFormSet = forms.formset_factory(PreviewPracticeForm, extra=0, can_delete=True)


def _confidence(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 1.0


class ReportPreview:
    """Every form of the import preview, built from the parsed structure.

    `structure()` gives the structure with the staff's edits (for `ParsedReport.from_dict`);
    `unsure` names the values the reader was not sure of, so the page can mark them.
    """

    def __init__(self, structure: dict[str, Any], data=None):
        self.original = structure
        facts = structure.get("facts") or {}
        self.sessions_in = list(structure.get("sessions") or [])
        self.inputs_in = [
            (index, item)
            for index, session in enumerate(self.sessions_in)
            for item in session.get("inputs") or []
        ]
        self.tips_in = list(structure.get("tips") or [])
        self.summaries_in = list(structure.get("summaries") or [])
        self.figures_in = list((structure.get("evaluation") or {}).get("figures") or [])
        self.practices_in = list(structure.get("practices") or [])
        self.document = ReportDocumentForm(
            data,
            candidates=structure.get("year_candidates") or [],
            initial={
                "kind": structure.get("kind"),
                "year": structure.get("year"),
                "title": structure.get("title") or "",
                "venue": facts.get("venue") or "",
                "date": facts.get("date") or "",
                "participants": facts.get("participants"),
                "recurring": "\n".join(structure.get("recurring") or []),
            },
        )
        if self.document.conflict:
            self.document.initial["year"] = None
        choices = [
            (index, f"{s.get('number') or index + 1}: {(s.get('title') or '')[:60]}")
            for index, s in enumerate(self.sessions_in)
        ]
        self.sessions = SessionFormSet(
            data,
            prefix="s",
            initial=[
                {
                    "number": s.get("number"),
                    "title": s.get("title") or "",
                    "leader": s.get("leader") or "",
                    "leader_role": s.get("leader_role") or "",
                    "questions": "\n".join(s.get("questions") or []),
                }
                for s in self.sessions_in
            ],
        )
        self.inputs = InputFormSet(
            data,
            prefix="i",
            form_kwargs={"session_choices": choices},
            initial=[
                {"text": item.get("text") or "", "group": item.get("group") or "", "session": index}
                for index, item in self.inputs_in
            ],
        )
        self.tips = TipFormSet(
            data,
            prefix="t",
            initial=[
                {"topic": t.get("topic") or "", "items": "\n".join(t.get("items") or [])}
                for t in self.tips_in
            ],
        )
        numbers = [s.get("number") or i + 1 for i, s in enumerate(self.sessions_in)]
        self.summaries = SummaryFormSet(
            data,
            prefix="o",
            form_kwargs={"session_numbers": numbers},
            initial=[
                {
                    "leader": s.get("leader") or "",
                    "leader_role": s.get("leader_role") or "",
                    "session": s.get("session"),
                    "items": "\n".join(s.get("items") or []),
                }
                for s in self.summaries_in
            ],
        )
        self.figures = FigureFormSet(
            data,
            prefix="f",
            initial=[
                {
                    "measure": f.get("measure"),
                    "subject": f.get("subject") or "overall",
                    "value": f.get("value"),
                    "min": f.get("min"),
                    "max": f.get("max"),
                    "sessions": ", ".join(str(n) for n in f.get("sessions") or []),
                }
                for f in self.figures_in
            ],
        )
        self.practices = PracticeFormSet(
            data,
            prefix="p",
            initial=[
                {
                    "title": p.get("title") or "",
                    "municipality": p.get("municipality") or "",
                    "measures": "\n".join(p.get("measures") or []),
                    "text": p.get("text") or "",
                }
                for p in self.practices_in
            ],
        )
        confidence = structure.get("confidence") or {}
        self.unsure = {
            "kind": _confidence(structure.get("kind_confidence")) < UNSURE,
            "year": _confidence(structure.get("year_confidence")) < UNSURE,
            **{key: _confidence(value) < UNSURE for key, value in confidence.items()},
        }
        self.kind_confidence = round(100 * _confidence(structure.get("kind_confidence")))
        self.detected_kind = dict(KIND_CHOICES).get(
            structure.get("kind", ""), structure.get("kind")
        )
        for name, field in self.document.fields.items():
            if self.unsure.get(name):
                # the mark is read with the field, not only seen beside it
                field.widget.attrs["aria-describedby"] = f"id_{name}_unsure"
        self.unsure_sessions = [_confidence(s.get("confidence")) < UNSURE for s in self.sessions_in]

    def session_rows(self, *, paged: bool) -> list[dict[str, Any]]:
        """Per session: its form, its inputs' forms, the doubt and the source page to show."""
        rows = []
        for index, form in enumerate(self.sessions.forms[: len(self.sessions_in)]):
            before = self.sessions_in[index]
            items = [
                (self.inputs.forms[position], item)
                for position, (session_index, item) in enumerate(self.inputs_in)
                if session_index == index and position < len(self.inputs.forms)
            ]
            page = before.get("page") or next((i["page"] for _f, i in items if i.get("page")), None)
            rows.append(
                {
                    "form": form,
                    "number": before.get("number") or index + 1,
                    "confidence": round(100 * _confidence(before.get("confidence"))),
                    "unsure": self.unsure_sessions[index],
                    "items": items,
                    "page": page if paged else None,
                }
            )
        return rows

    def figure_rows(self) -> list[tuple[forms.Form, dict[str, Any]]]:
        """Each figure's form with what was read (its words and page); a new one has none."""
        return [
            (form, self.figures_in[i] if i < len(self.figures_in) else {})
            for i, form in enumerate(self.figures.forms)
        ]

    @property
    def formsets(self) -> list[forms.BaseFormSet]:
        return [self.sessions, self.inputs, self.tips, self.summaries, self.figures, self.practices]

    def is_valid(self) -> bool:
        valid = self.document.is_valid()
        for formset in self.formsets:
            valid = formset.is_valid() and valid
        if valid and (
            len(self.sessions.forms) != len(self.sessions_in)
            or len(self.inputs.forms) != len(self.inputs_in)
        ):
            # a page from before, or a cut-off post: nothing read may go missing unnoticed
            self.document.add_error(
                None, _("Skjemaet stemmer ikke med dokumentet. Last siden inn på nytt.")
            )
            valid = False
        return valid

    def structure(self) -> dict[str, Any]:
        """The parsed structure with every edit applied; call after `is_valid()`."""
        doc = self.document.cleaned_data
        out = dict(self.original)
        out.update(
            kind=doc["kind"],
            year=doc["year"],
            title=doc["title"].strip(),
            recurring=_lines(doc["recurring"]),
            facts={
                **(self.original.get("facts") or {}),
                "venue": doc["venue"].strip() or None,
                "date": doc["date"].strip() or None,
                "participants": doc["participants"],
            },
        )
        sessions = []
        for index, form in enumerate(self.sessions.forms[: len(self.sessions_in)]):
            data, before = form.cleaned_data, self.sessions_in[index]
            sessions.append(
                {
                    **before,
                    "number": data["number"] or before.get("number") or index + 1,
                    "title": data["title"].strip(),
                    "leader": data["leader"].strip() or None,
                    "leader_role": data["leader_role"].strip() or None,
                    "questions": _lines(data["questions"]),
                    "inputs": [],
                }
            )
        for form, (index, before) in zip(self.inputs.forms, self.inputs_in, strict=False):
            data = form.cleaned_data
            text = data["text"].strip()
            if data["drop"] or not text:
                continue
            target = data["session"] if 0 <= data["session"] < len(sessions) else index
            sessions[target]["inputs"].append(
                {**before, "text": text, "group": data["group"].strip() or None}
            )
        for index, form in enumerate(self.sessions.forms[: len(self.sessions_in)]):
            # what the reader lost, typed in by staff from the page beside
            sessions[index]["inputs"].extend(
                {"text": text, "group": None, "page": None, "line": None}
                for text in form.cleaned_data["added"]
            )
        out["sessions"] = sessions
        out["tips"] = [
            {**before, "topic": data["topic"].strip(), "items": _lines(data["items"])}
            for before, data in self._kept(self.tips, self.tips_in)
            if data["topic"].strip() or _lines(data["items"])
        ]
        out["summaries"] = [
            {
                **before,
                "leader": data["leader"].strip() or None,
                "leader_role": data["leader_role"].strip() or None,
                "session": data["session"],
                "items": _lines(data["items"]),
            }
            for before, data in self._kept(self.summaries, self.summaries_in)
            if _lines(data["items"])
        ]
        figures = [
            {
                "label": "",
                "page": None,
                "qualifier": "",
                **before,
                "measure": data["measure"],
                "subject": data["subject"],
                "value": _number(data["value"]),
                "min": _number(data["min"]),
                "max": _number(data["max"]),
                "sessions": data["sessions"],
            }
            for before, data in self._kept(self.figures, self.figures_in)
        ]
        out["evaluation"] = {**(self.original.get("evaluation") or {}), "figures": figures}
        out["practices"] = [
            {
                **before,
                "title": data["title"].strip(),
                "municipality": data["municipality"].strip() or None,
                "measures": _lines(data["measures"]),
                "text": data["text"].strip(),
            }
            for before, data in self._kept(self.practices, self.practices_in)
        ]
        return out

    @staticmethod
    def _kept(formset: forms.BaseFormSet, before: list[dict[str, Any]]):
        """(original row or {}, cleaned data) for each form neither deleted nor left blank."""
        for index, form in enumerate(formset.forms):
            if not form.has_changed() and index >= len(before):
                continue  # the empty row for a new one
            if form.cleaned_data.get("DELETE"):
                continue
            yield (before[index] if index < len(before) else {}), form.cleaned_data
