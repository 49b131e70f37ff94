"""A cycle is one year of the dialogue: a theme, its phases, its meetings and question rounds."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innspill.common import clock
from innspill.common.content import Translatable, translations_constraint
from innspill.documents.figures import FigureError, figures_clean


class Cycle(models.Model):
    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    title = models.CharField(_("tittel"), max_length=300)
    theme = models.CharField(_("årets tema"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("syklus")
        verbose_name_plural = _("sykluser")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="cycle_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"


class PhaseKey(models.TextChoices):
    INPUT_GATHERING = "input_gathering", _("Innspillsinnhenting")
    INPUT_REPORT = "input_report", _("Innspillsrapport")
    CONFERENCE = "conference", _("Konferanse")
    REPORT = "report", _("Konferanserapport")
    EVALUATION = "evaluation", _("Evaluering")
    FOLLOW_UP = "follow_up", _("Oppfølging")


class CyclePhase(models.Model):
    """When a phase of the year runs, for the plan staff keep; it opens and closes nothing.

    Each feature is gated by its own date where the users set it: registration by the
    conference's deadline, a survey by its closing time (see docs/structure.md).
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phases")
    key = models.CharField(_("fase"), max_length=32, choices=PhaseKey.choices)
    starts_on = models.DateField(_("starter"))
    ends_on = models.DateField(_("slutter"))

    class Meta:
        ordering = ["cycle", "starts_on"]
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="cyclephase_unique_key"),
            models.CheckConstraint(
                condition=Q(key__in=tuple(PhaseKey.values)), name="cyclephase_key_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cyclephase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle.year} {self.get_key_display()}"


class Meeting(models.Model):
    """A regional input meeting (innspillsmøte) in spring; its inputs link here (`inputs.Input.meeting`)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="meetings")
    place = models.CharField(_("sted"), max_length=200)
    # today's municipality (organisations.municipalities); the place may name a venue in it
    municipality_number = models.CharField(_("kommunenummer"), max_length=4, blank=True)
    date = models.DateField(_("dato"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("antall deltakere"), null=True, blank=True)
    # {organisation type key: participants}; `attendance` is their sum when this is filled in
    attendance_by_type = models.JSONField(
        _("deltakere per organisasjonstype"), default=dict, blank=True
    )
    notes = models.TextField(_("notater"), blank=True)

    class Meta:
        ordering = ["cycle", "date"]
        verbose_name = _("innspillsmøte")
        verbose_name_plural = _("innspillsmøter")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality_number="") | Q(municipality_number__regex=r"^[0-9]{4}$"),
                name="meeting_municipality_number_four_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.date or ''}".strip()


class QuestionRound(Translatable):
    """A digital question round: fixed questions sent to selected organisations."""

    translatable = ("title", "intro")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="question_rounds")
    title = models.CharField(_("tittel"), max_length=300)
    questions = models.JSONField(_("spørsmål"), default=list, blank=True)
    intro = models.TextField(_("innledning"), blank=True)
    # answers are taken and edited until then; none means the round is open until staff set it
    closes_at = models.DateTimeField(_("svarfrist"), null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["cycle", "title"]
        verbose_name = _("spørrerunde")
        verbose_name_plural = _("spørrerunder")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "title"], name="questionround_unique_title"),
            translations_constraint("questionround"),
        ]

    def __str__(self) -> str:
        return self.title


class FigureMeasure(models.TextChoices):
    """What an evaluation figure measures (`documents.figures.MEASURES`)."""

    SATISFIED = "satisfied", _("Svært fornøyd eller fornøyd")
    VERY_SATISFIED = "very_satisfied", _("Svært fornøyd")
    RESPONSE_RATE = "response_rate", _("Svarprosent")
    ATTEND_NEXT_YEAR = "attend_next_year", _("Vil delta neste år")
    MAYBE_NEXT_YEAR = "maybe_next_year", _("Kanskje neste år")


class FigureSubject(models.TextChoices):
    """What an evaluation figure is about (`documents.figures.SUBJECTS`)."""

    OVERALL = "overall", _("Konferansen samlet")
    PLENARY = "plenary", _("Plenum")
    TALK = "talk", _("Ett innlegg")
    TALKS = "talks", _("Innleggene")
    SESSION = "session", _("Én sesjon")
    SESSIONS = "sessions", _("Sesjonene (alle eller en gruppe)")
    OTHER = "other", _("Annet")


class JSONType(Func):
    """The JSON type of a value («array», «object» …), for check constraints on JSON columns."""

    function = "jsonb_typeof"
    output_field = models.CharField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="json_type", **extra)


class EvaluationResult(models.Model):
    """Evaluation figures for a cycle, from our own survey or imported from a published report.

    `figures` holds every figure as the source states it (`documents.model.Figure` as dicts,
    checked by `documents.figures.figures_clean`): a range stays a range, a figure for a group
    of sessions keeps the sessions it covers. The four percentages beside it are the single
    figures for the whole conference, derived from `figures` when stored, for the table of
    years.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="evaluations")
    source = models.CharField(_("kilde"), max_length=40, default="import")
    invited = models.PositiveIntegerField(_("inviterte"), null=True, blank=True)
    respondents = models.PositiveIntegerField(_("svar"), null=True, blank=True)
    response_rate = models.FloatField(_("svarprosent"), null=True, blank=True)
    satisfied_overall = models.FloatField(_("andel fornøyd samlet"), null=True, blank=True)
    figures = models.JSONField(_("tall slik kilden oppgir dem"), default=list, blank=True)
    would_attend_next_year = models.FloatField(_("vil delta neste år"), null=True, blank=True)
    maybe_next_year = models.FloatField(_("kanskje neste år"), null=True, blank=True)
    suggestions = models.JSONField(_("forslag"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-cycle__year"]
        verbose_name = _("evalueringsresultat")
        verbose_name_plural = _("evalueringsresultater")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "source"], name="evaluation_unique_source"),
            # the shape of each figure is checked in Python (`clean`, the services); the
            # database keeps at least a list, so no reader meets an object or a number
            models.CheckConstraint(
                condition=Exact(JSONType("figures"), "array"), name="evaluation_figures_list"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True})
                    | (Q(**{f"{f}__gte": 0}) & Q(**{f"{f}__lte": 100})),
                    name=f"evaluation_{f}_percent",
                )
                for f in (
                    "response_rate",
                    "satisfied_overall",
                    "would_attend_next_year",
                    "maybe_next_year",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.cycle.year} ({self.source})"

    def clean(self) -> None:
        try:
            self.figures = figures_clean(self.figures or [])
        except FigureError as exc:
            raise ValidationError({"figures": str(exc)}) from None
