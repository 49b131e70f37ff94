"""Invitations, registrations with a waiting list, ranked wishes, placements and check-in.

Personal data (names, e-mail, needs) lives here and in organisations.Person only, never on inputs.
Dietary and accessibility needs are kept in their own table so they can be purged on their own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innspill.common import clock
from innspill.conferences.models import Block, Conference, Session


class Language(models.TextChoices):
    """The languages an invitation can be sent in, named in themselves (as in settings.LANGUAGES)."""

    NB = "nb", "Norsk bokmål"
    NN = "nn", "Norsk nynorsk"
    EN = "en", "English"
    SE = "se", "Davvisámegiella"
    AR = "ar", "العربية"
    SO = "so", "Soomaali"
    TI = "ti", "ትግርኛ"
    UK = "uk", "Українська"
    PL = "pl", "Polski"


class Invitation(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invitert")
        OPENED = "opened", _("Åpnet")
        REGISTERED = "registered", _("Påmeldt")
        DECLINED = "declined", _("Takket nei")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-post"))
    name = models.CharField(_("navn"), max_length=200)
    organisation_name = models.CharField(_("organisasjon"), max_length=300, blank=True)
    language = models.CharField(
        _("språk"), max_length=2, choices=Language.choices, default=Language.NB
    )
    # Only a SHA-256 of the token is stored. The token is an HMAC of this nonce under SECRET_KEY
    # (services.invitation_link), so later e-mails can carry the link while the database alone
    # does not give it away. Empty for links made before the nonce existed.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    # Set when the person's data was removed (retention or erasure, registrations/privacy.py).
    anonymised_at = models.DateTimeField(_("anonymisert"), null=True, blank=True)

    class Meta:
        ordering = ["conference", "created_at", "id"]
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        constraints = [
            models.UniqueConstraint(fields=["conference", "email"], name="invitation_unique_email"),
            models.CheckConstraint(
                condition=Q(status__in=["invited", "opened", "registered", "declined"]),
                name="invitation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Påmeldt")
        WAITING = "waiting", _("Venteliste")
        CANCELLED = "cancelled", _("Avmeldt")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="registrations"
    )
    # One registration per invitation: the database guards against double submits and two tabs.
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="registration"
    )
    name = models.CharField(_("navn"), max_length=200)
    organisation_name = models.CharField(_("organisasjon"), max_length=300)
    organisation_type = models.CharField(_("organisasjonstype"), max_length=32, blank=True)
    region = models.CharField(_("fylke/region"), max_length=32, blank=True)
    social = models.BooleanField(_("deltar på sosialt samvær"), default=False)
    # Empty for a substitute named by their organisation until they confirm on their own link.
    consent_at = models.DateTimeField(_("samtykke gitt"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    badge_code = models.CharField(max_length=32, unique=True, editable=False)
    checked_in_at = models.DateTimeField(_("sjekket inn"), null=True, blank=True)
    # The registration this one took over (an organisation sending someone else).
    substitute_for = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitute",
        verbose_name=_("stedfortreder for"),
    )

    class Meta:
        ordering = ["conference", "created_at", "id"]
        verbose_name = _("påmelding")
        verbose_name_plural = _("påmeldinger")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="registration_cancelled_at_iff_cancelled",
            ),
            models.CheckConstraint(
                condition=~Q(substitute_for=models.F("pk")), name="registration_not_own_substitute"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonalNeeds(models.Model):
    """Dietary and accessibility needs: asked only to plan food and access, purged after retention."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="needs"
    )
    dietary = models.TextField(_("kosthold og allergier"), blank=True)
    accessibility = models.TextField(_("tilrettelegging"), blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)

    class Meta:
        verbose_name = _("behov")
        verbose_name_plural = _("behov")

    def __str__(self) -> str:
        return f"{self.registration_id}"


class Wish(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="wishes")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("prioritet"))

    class Meta:
        ordering = ["registration", "block", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "block", "rank"], name="wish_unique_rank"
            ),
            models.UniqueConstraint(fields=["registration", "session"], name="wish_unique_session"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.rank}. {self.session_id}"


class Pin(models.Model):
    """Staff fix a person to a session before solving (e.g. a speaker)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="pins")
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "block"], name="pin_unique_block"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.session_id}"


class PlacementRun(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="placement_runs"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    balance = models.JSONField(default=dict, blank=True)
    # Per block: {"block": id, "title", "stats", "fcfs", "sessions": [...], "message"}.
    summary = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["conference", "-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.conference_id} {self.created_at:%Y-%m-%d %H:%M}"


class Assignment(models.Model):
    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="assignments")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="assignments"
    )
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="assignments")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)  # None: outside the wishes

    class Meta:
        ordering = ["run", "block", "session", "registration"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "registration", "block"], name="assignment_unique_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.session_id}"


class PlacementChange(models.Model):
    """One change to a published placement: who left or got which seat, when, why and by whom.

    The published run's assignments always hold the current placement; these rows keep how it
    came to be after publication.
    """

    class Reason(models.TextChoices):
        CANCELLED = "cancelled", _("Meldt av")
        PROMOTED = "promoted", _("Fikk plass fra ventelisten")
        SUBSTITUTED = "substituted", _("Stedfortreder overtok")

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="changes")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="placement_changes"
    )
    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="+")
    session_from = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    session_to = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("årsak"), max_length=16, choices=Reason.choices)
    at = models.DateTimeField(default=clock.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["run", "at", "id"]
        verbose_name = _("plasseringsendring")
        verbose_name_plural = _("plasseringsendringer")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=["cancelled", "promoted", "substituted"]),
                name="placementchange_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(session_from__isnull=False) | Q(session_to__isnull=False),
                name="placementchange_moves_something",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.session_from_id} → {self.session_to_id}"
