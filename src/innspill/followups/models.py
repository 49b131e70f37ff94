"""Who answers for what was raised: ministries and agencies, and each input's follow-up by them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from innspill.common import clock
from innspill.inputs.models import Actor, Input


class OwnerKind(models.TextChoices):
    MINISTRY = "ministry", _("Departement")
    AGENCY = "agency", _("Etat/direktorat")


class Owner(models.Model):
    """A ministry or agency that can be asked to follow up an input."""

    short_name = models.CharField(_("kortnavn"), max_length=20, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=OwnerKind.choices)
    # An agency answers under its ministry; the public page names both.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("under departement"),
    )
    active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["kind", "short_name"]
        verbose_name = _("ansvarlig departement/etat")
        verbose_name_plural = _("ansvarlige departementer og etater")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OwnerKind.values), name="followup_owner_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(short_name=""), name="followup_owner_short_name_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def slug(self) -> str:
        return self.short_name.lower()


class OwnerMember(models.Model):
    """A user of role `ministry` answers for exactly one ministry or agency."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followup_owner"
    )
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("bruker i departement/etat")
        verbose_name_plural = _("brukere i departementer og etater")

    def __str__(self) -> str:
        return f"{self.user} → {self.owner}"


class ActorOwner(models.Model):
    """The owner an input addressed to this actor is assigned to unless staff choose another."""

    actor = models.OneToOneField(Actor, on_delete=models.CASCADE, related_name="default_owner")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="actor_defaults")

    class Meta:
        verbose_name = _("standard ansvarlig for aktør")
        verbose_name_plural = _("standard ansvarlige for aktører")

    def __str__(self) -> str:
        return f"{self.actor_id} → {self.owner}"


class FollowUpStatus(models.TextChoices):
    RECEIVED = "mottatt", _("Mottatt")
    CONSIDERING = "under_vurdering", _("Under vurdering")
    DONE = "fulgt_opp", _("Fulgt opp")
    PARTLY = "delvis_fulgt_opp", _("Delvis fulgt opp")
    NOT_DONE = "ikke_fulgt_opp", _("Ikke fulgt opp")


# The statuses that close an item: each needs a public answer and a date.
ANSWERED = (FollowUpStatus.DONE, FollowUpStatus.PARTLY, FollowUpStatus.NOT_DONE)


class FollowUp(models.Model):
    """One input assigned to one owner, and what the owner answered."""

    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="followups")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="followups")
    # Set when the input was assigned as part of a «Går igjen» cluster (key as `recurring --json`).
    cluster_key = models.CharField(_("gruppe"), max_length=40, blank=True, db_index=True)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.RECEIVED
    )
    answer = models.TextField(_("offentlig svar"), blank=True)
    url = models.URLField(_("lenke til tiltaket"), max_length=500, blank=True)
    answered_on = models.DateField(_("dato"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-input__year", "input_id", "owner__short_name"]
        verbose_name = _("oppfølging")
        verbose_name_plural = _("oppfølginger")
        indexes = [models.Index(fields=["owner", "status"], name="followup_owner_status")]
        constraints = [
            models.UniqueConstraint(fields=["input", "owner"], name="followup_one_per_input_owner"),
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="followup_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in ANSWERED])
                | (~Q(answer="") & Q(answered_on__isnull=False)),
                name="followup_answered_has_answer_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.input_id} → {self.owner_id}: {self.status}"

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED


class DigestSubscription(models.Model):
    """A participant who asked for an e-mail when inputs from their session get a new status.

    Tied to the invitation, so it goes when the personal data is purged.
    """

    invitation = models.OneToOneField(
        "registrations.Invitation", on_delete=models.CASCADE, related_name="followup_digest"
    )
    subscribed_at = models.DateTimeField(default=clock.now, editable=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("varsel om oppfølging")
        verbose_name_plural = _("varsler om oppfølging")

    def __str__(self) -> str:
        return f"digest {self.invitation_id}"
