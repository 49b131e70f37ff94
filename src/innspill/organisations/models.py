"""Organisations in the registry and the people who represent them (personal data lives here only)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innspill.common import clock
from innspill.organisations.validators import validate_orgnr


class OrganisationType(models.TextChoices):
    INNVANDRERORGANISASJON = "innvandrerorganisasjon", _("Innvandrerorganisasjon")
    INNVANDRERRAD = "innvandrerrad", _("Innvandrerråd")
    KOMMUNE = "kommune", _("Kommune")
    FYLKESKOMMUNE = "fylkeskommune", _("Fylkeskommune")
    FRIVILLIG = "frivillig_organisasjon", _("Frivillig organisasjon")
    NARINGSLIV = "naeringsliv", _("Næringsliv")
    STATLIG = "statlig_etat", _("Statlig etat")
    FORSKNING = "forskning", _("Forskning")


class Region(models.TextChoices):
    """The counties (fylker) from 2024."""

    AGDER = "agder", "Agder"
    AKERSHUS = "akershus", "Akershus"
    BUSKERUD = "buskerud", "Buskerud"
    FINNMARK = "finnmark", "Finnmark"
    INNLANDET = "innlandet", "Innlandet"
    MORE_ROMSDAL = "more_og_romsdal", "Møre og Romsdal"
    NORDLAND = "nordland", "Nordland"
    OSLO = "oslo", "Oslo"
    ROGALAND = "rogaland", "Rogaland"
    TELEMARK = "telemark", "Telemark"
    TROMS = "troms", "Troms"
    TRONDELAG = "trondelag", "Trøndelag"
    VESTFOLD = "vestfold", "Vestfold"
    VESTLAND = "vestland", "Vestland"
    OSTFOLD = "ostfold", "Østfold"
    NATIONAL = "nasjonal", _("Landsdekkende")


class Organisation(models.Model):
    name = models.CharField(_("navn"), max_length=300)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    # SSB's number of today's municipality (organisations.municipalities), when the name
    # resolves; an unknown or ambiguous name keeps the text and no number
    municipality_number = models.CharField(_("kommunenummer"), max_length=4, blank=True)
    region = models.CharField(_("fylke/region"), max_length=32, choices=Region.choices, blank=True)
    org_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_orgnr]
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="organisation_orgnr_unique"
            ),
            models.CheckConstraint(
                condition=Q(type__in=OrganisationType.values), name="organisation_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(org_number="") | Q(org_number__regex=r"^[0-9]{9}$"),
                name="organisation_orgnr_nine_digits",
            ),
            models.CheckConstraint(
                condition=Q(municipality_number="") | Q(municipality_number__regex=r"^[0-9]{4}$"),
                name="organisation_municipality_number_four_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A contact person. Never linked from an input: what people said is kept apart from who they are."""

    name = models.CharField(_("navn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=32, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    consent_given_at = models.DateTimeField(_("samtykke gitt"), null=True, blank=True)
    consent_text = models.TextField(_("samtykketekst"), blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="person_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name
