"""Good local practices («gode grep») and the inputs that ask for what they do."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innspill.common import clock
from innspill.inputs.models import Input, SourceDocument, Theme
from innspill.organisations.municipalities import Municipality, by_number


class Size(models.TextChoices):
    """Municipality size by inhabitants, as the practice's source states them."""

    SMALL = "small", _("Under 5 000 innbyggere")
    MEDIUM = "medium", _("5 000–20 000 innbyggere")
    LARGE = "large", _("20 000–100 000 innbyggere")
    CITY = "city", _("Over 100 000 innbyggere")


SIZE_BOUNDS = {
    Size.SMALL: (0, 5_000),
    Size.MEDIUM: (5_000, 20_000),
    Size.LARGE: (20_000, 100_000),
    Size.CITY: (100_000, None),
}


class Practice(models.Model):
    title = models.CharField(_("tittel"), max_length=300)
    # the name as the source writes it; the number links it to today's municipality
    municipality_name = models.CharField(_("kommune (i kilden)"), max_length=100, blank=True)
    municipality_number = models.CharField(_("kommunenummer"), max_length=4, blank=True)
    description = models.TextField(_("hva de gjør"), blank=True)
    measures = models.JSONField(_("gode grep"), default=list, blank=True)
    runs_by = models.CharField(_("hvem driver det"), max_length=300, blank=True)
    contact = models.CharField(_("kontakt"), max_length=300, blank=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="practices"
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    source_document = models.ForeignKey(
        SourceDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practices",
    )
    source_page = models.PositiveIntegerField(_("side"), null=True, blank=True)
    # a round answer (or any input) the secretariat marked as an example
    source_input = models.ForeignKey(
        Input, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # the municipality's facts as the source states them, not today's figures
    inhabitants = models.PositiveIntegerField(_("innbyggere"), null=True, blank=True)
    inhabitants_date = models.CharField(_("innbyggere per"), max_length=40, blank=True)
    immigrants = models.PositiveIntegerField(_("innvandrere"), null=True, blank=True)
    immigrant_share = models.FloatField(_("andel innvandrere (%)"), null=True, blank=True)
    nationalities = models.PositiveIntegerField(_("nasjonaliteter"), null=True, blank=True)
    # Snowball stems of the text between spaces, so a stem query is a `contains` on both databases
    search_stems = models.TextField(default="", blank=True, editable=False)
    # the data version the related inputs were computed for ("" = never)
    matched_version = models.CharField(max_length=32, default="", blank=True, editable=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("godt grep")
        verbose_name_plural = _("gode grep")
        constraints = [
            models.UniqueConstraint(
                fields=["source_document", "title"],
                condition=Q(source_document__isnull=False),
                name="practice_unique_title_per_document",
            ),
            models.UniqueConstraint(
                fields=["source_input"],
                condition=Q(source_input__isnull=False),
                name="practice_one_per_input",
            ),
            models.CheckConstraint(
                condition=Q(municipality_number="") | Q(municipality_number__regex=r"^[0-9]{4}$"),
                name="practice_municipality_number_four_digits",
            ),
            models.CheckConstraint(
                condition=Q(immigrant_share__isnull=True)
                | Q(immigrant_share__gte=0, immigrant_share__lte=100),
                name="practice_immigrant_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def municipality(self) -> Municipality | None:
        return by_number(self.municipality_number) if self.municipality_number else None

    @property
    def facts(self) -> dict:
        return {
            "inhabitants": self.inhabitants,
            "inhabitants_date": self.inhabitants_date or None,
            "immigrants": self.immigrants,
            "immigrant_share": self.immigrant_share,
            "nationalities": self.nationalities,
        }


class PracticeMatch(models.Model):
    """An input, from any year, that asks for what a practice does; stored by the matching task."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="matches")
    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="practice_matches")
    score = models.FloatField()

    class Meta:
        ordering = ["practice", "-score", "input"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "input"], name="practicematch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.practice_id} ~ {self.input_id} ({self.score:.2f})"
