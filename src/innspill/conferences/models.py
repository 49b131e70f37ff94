"""The conference day and its program items (plenary talks, panel, parallel sessions, breaks)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innspill.common.content import Localized, Translatable, localized, translations_constraint
from innspill.cycles.models import Cycle


class Conference(Translatable):
    translatable = ("title", "venue")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="conferences")
    title = models.CharField(_("tittel"), max_length=300)
    date = models.DateField(_("dato"), null=True, blank=True)
    venue = models.CharField(_("sted"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("antall plasser"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("antall deltakere"), null=True, blank=True)
    registration_deadline = models.DateTimeField(_("påmeldingsfrist"), null=True, blank=True)
    placement_published_at = models.DateTimeField(_("plassering publisert"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-cycle__year", "title"]
        verbose_name = _("konferanse")
        verbose_name_plural = _("konferanser")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "title"], name="conference_unique_title"),
            translations_constraint("conference"),
        ]

    def __str__(self) -> str:
        return self.title


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenum")
    PANEL = "panel", _("Panel")
    PARALLEL = "parallel", _("Parallellsesjon")
    BREAK = "break", _("Pause")
    SOCIAL = "social", _("Sosialt samvær")


class Session(Translatable):
    translatable = ("title", "leader_role")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(
        _("type"), max_length=16, choices=SessionKind.choices, default=SessionKind.PARALLEL
    )
    number = models.PositiveSmallIntegerField(_("nummer"), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=500)
    leader_name = models.CharField(_("leder"), max_length=200, blank=True)
    leader_role = models.CharField(_("lederens rolle"), max_length=300, blank=True)
    room = models.CharField(_("rom"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starter"), null=True, blank=True)
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("plasser"), null=True, blank=True)
    questions = models.JSONField(_("innledende spørsmål"), default=list, blank=True)
    speakers = models.TextField(_("innledere"), blank=True, help_text=_("Én per linje."))
    block = models.ForeignKey(
        "Block",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("parallellblokk"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "starts_at", "number", "id"]
        verbose_name = _("sesjon")
        verbose_name_plural = _("sesjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "kind", "number"],
                condition=Q(number__isnull=False),
                name="session_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_start",
            ),
            translations_constraint("session"),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.get_kind_display()} {self.number}: {self.heading}"
        return self.heading

    @property
    def heading(self) -> str:
        """The title, or «Sesjon n» in the reader's language for a session its report left untitled."""
        if self.title or not self.number:
            return self.title
        return gettext("Sesjon %(n)s") % {"n": self.number}

    @property
    def display(self) -> Localized:
        """What `str()` says, in the reader's language: kind and number, then the title."""
        if not self.title and self.number:
            return Localized(self.heading, prefix=f"{self.get_kind_display()} {self.number}: ")
        title = localized(self, "title")
        if self.number:
            return Localized(
                title.text, title.fallback, prefix=f"{self.get_kind_display()} {self.number}: "
            )
        return title

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class Summary(models.Model):
    """A session leader's closing points («oppsummering»)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="summaries")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="summaries"
    )
    leader_name = models.CharField(_("leder"), max_length=200)
    leader_role = models.CharField(_("rolle"), max_length=300, blank=True)
    items = models.JSONField(_("punkter"), default=list, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position"]
        verbose_name = _("oppsummering")
        verbose_name_plural = _("oppsummeringer")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "leader_name", "position"], name="summary_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.leader

    @property
    def leader(self) -> str:
        """The leader's name, or «Ukjent leder» in the reader's language when the report gave none."""
        return self.leader_name or gettext("Ukjent leder")


class Block(Translatable):
    """A parallel block: sessions at the same time, of which each participant attends exactly one."""

    translatable = ("title",)

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="blocks")
    title = models.CharField(_("tittel"), max_length=200)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("parallellblokk")
        verbose_name_plural = _("parallellblokker")
        constraints = [
            models.UniqueConstraint(fields=["conference", "title"], name="block_unique_title"),
            translations_constraint("block"),
        ]

    def __str__(self) -> str:
        return self.title
