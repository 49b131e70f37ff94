"""Inputs (innspill) and the vocabulary they are described with. No personal data here."""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innspill.common import clock
from innspill.conferences.models import Conference, Session
from innspill.cycles.models import Cycle, Meeting, QuestionRound
from innspill.inputs import vocabulary_names
from innspill.organisations.models import OrganisationType, Region


class VocabularyTerm(models.Model):
    key = models.SlugField(_("nøkkel"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("i bruk"), default=True)

    # The message context its built-in names are translated in (inputs.vocabulary_names).
    name_context = ""

    class Meta:
        abstract = True
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language (a built-in name), else as stored."""
        return vocabulary_names.term_name(self.name_context, self.name)


class Theme(VocabularyTerm):
    name_context = vocabulary_names.THEME

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")


class Actor(VocabularyTerm):
    name_context = vocabulary_names.ACTOR

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("aktør")
        verbose_name_plural = _("aktører")


class Kind(VocabularyTerm):
    name_context = vocabulary_names.KIND

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("type innspill")
        verbose_name_plural = _("typer innspill")


class SourceDocument(models.Model):
    """A published report or data file inputs were imported from; the same content is stored once."""

    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(_("filnavn"), max_length=300)
    file = models.FileField(_("fil"), upload_to="sources/", blank=True)
    kind = models.CharField(_("dokumenttype"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=500, blank=True)
    structure = models.JSONField(_("struktur"), default=dict, blank=True)
    warnings = models.JSONField(_("advarsler"), default=list, blank=True)
    imported_at = models.DateTimeField(default=clock.now, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("kildedokument")
        verbose_name_plural = _("kildedokumenter")

    def __str__(self) -> str:
        return self.title or self.filename


class Origin(models.TextChoices):
    SESSION = "session", _("Parallellsesjon")
    MEETING = "meeting", _("Innspillsmøte")
    ROUND = "round", _("Digital spørrerunde")
    IMPORT = "import", _("Importert rapport")
    LOAD = "load", _("Datafil")
    WEB = "web", _("Sendt inn på nett")


class Status(models.TextChoices):
    PENDING = "pending", _("Venter på moderering")
    PUBLISHED = "published", _("Publisert")
    HIDDEN = "hidden", _("Skjult")
    MERGED = "merged", _("Slått sammen")


class Section(models.TextChoices):
    """The part of a report an input stands in outside its sessions; named on display, stored as a key."""

    TIPS = "tips", _("Oppfordringer og tips")
    RECURRING = "recurring", _("Innspill som går igjen")


class Input(models.Model):
    """One innspill: what an organisation said, with its context, never who said it."""

    text = models.TextField(_("tekst"))
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="inputs")
    # Denormalised from cycle so the archive can filter and facet without a join.
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    conference = models.ForeignKey(
        Conference, on_delete=models.SET_NULL, null=True, blank=True, related_name="inputs"
    )
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="inputs"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="inputs"
    )
    question_round = models.ForeignKey(
        QuestionRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="inputs"
    )
    origin = models.CharField(_("opphav"), max_length=16, choices=Origin.choices)
    organisation_type = models.CharField(
        _("organisasjonstype"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    region = models.CharField(_("region"), max_length=32, choices=Region.choices, blank=True)
    group_heading = models.CharField(_("overskrift i kilden"), max_length=500, blank=True)
    section = models.CharField(
        _("del av rapporten"), max_length=16, choices=Section.choices, blank=True
    )
    kind = models.ForeignKey(
        Kind, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="primary_inputs"
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="secondary_inputs", verbose_name=_("sekundære temaer")
    )
    actors = models.ManyToManyField(Actor, blank=True, related_name="inputs")
    theme_confidence = models.FloatField(null=True, blank=True)
    classified_by = models.CharField(
        max_length=16,
        blank=True,
        choices=[("model", _("modell")), ("staff", _("redaksjon")), ("source", _("kilden"))],
    )
    language = models.CharField(_("språk"), max_length=8, default="nb")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    source_document = models.ForeignKey(
        SourceDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="inputs"
    )
    source_page = models.PositiveIntegerField(null=True, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)
    # Identifies an input across repeated loads and imports: loading the same row twice is a no-op.
    fingerprint = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-year", "session__number", "position", "id"]
        verbose_name = _("innspill")
        verbose_name_plural = _("innspill")
        indexes = [
            models.Index(fields=["status", "year"], name="input_status_year"),
            models.Index(fields=["status", "theme"], name="input_status_theme"),
            models.Index(fields=["status", "kind"], name="input_status_kind"),
            models.Index(fields=["status", "session"], name="input_status_session"),
            models.Index(fields=["status", "organisation_type"], name="input_status_orgtype"),
            models.Index(fields=["status", "region"], name="input_status_region"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="input_text_not_empty"),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="input_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="input_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(section="") | Q(section__in=Section.values), name="input_section_valid"
            ),
            models.CheckConstraint(
                condition=Q(organisation_type="")
                | Q(organisation_type__in=OrganisationType.values),
                name="input_orgtype_valid",
            ),
            models.CheckConstraint(
                condition=Q(theme_confidence__isnull=True)
                | (Q(theme_confidence__gte=0) & Q(theme_confidence__lte=1)),
                name="input_confidence_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="input_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


# Sent once the transaction that bumped the data version has committed (the archive queues its
# shared analysis on it); a rolled-back write sends nothing.
data_changed = Signal()

# Sent by the report import inside its transaction once a report's inputs are stored, with
# `document`, `report` (the ParsedReport) and `by`: apps above this one store their part of the
# report (the good practices) without the import knowing them; a failure rolls the import back.
report_imported = Signal()

# Sent by `input_merge` inside its transaction with `item` (merged away), `into` and `by`: apps
# that hang work on an input (follow-up) move it to the input that is kept.
input_merged = Signal()


class DataVersion(models.Model):
    """A single row every write to inputs changes, so caches in other processes know to rebuild.

    The stamp is random, not only a counter: a rolled-back bump must never be mistaken
    for a later, committed one.
    """

    version = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=32, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="dataversion_single_row")]

    def __str__(self) -> str:
        return f"{self.version} ({self.stamp})"

    @classmethod
    def bump(cls) -> None:
        stamp = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1, stamp=stamp):
            cls.objects.get_or_create(pk=1, defaults={"version": 1, "stamp": stamp})
        transaction.on_commit(lambda: data_changed.send(sender=cls))

    @classmethod
    def current(cls) -> str:
        return cls.objects.filter(pk=1).values_list("stamp", flat=True).first() or ""


class LabelCorrection(models.Model):
    """A staff correction of an input's labels; kept for the audit trail and for the next training run."""

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="corrections")
    text = (
        models.TextField()
    )  # the text as it was corrected, so training does not depend on later edits
    theme = models.CharField(max_length=40, blank=True)
    themes = models.JSONField(default=list, blank=True)
    actors = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("korrigering")
        verbose_name_plural = _("korrigeringer")

    def __str__(self) -> str:
        return f"{self.input_id}: {self.theme}/{self.kind}"
