"""A question round's recipients, their personal links and their answers.

The round itself is `cycles.QuestionRound` (inputs point at it). What an organisation answered
becomes inputs through `inputs.services.inputs_create_many`; the answer rows keep the text as
typed, the draft and who typed it, so the organisation can go on editing until the round closes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innspill.common import clock
from innspill.common.content import Translatable, translations_constraint
from innspill.cycles.models import QuestionRound
from innspill.inputs.models import Input
from innspill.organisations.models import Organisation


class RoundQuestion(Translatable):
    """One of the round's fixed questions, in the order they are asked."""

    translatable = ("text",)

    round = models.ForeignKey(
        QuestionRound, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("spørsmål"))

    class Meta:
        ordering = ["round", "position"]
        verbose_name = _("spørsmål i runden")
        verbose_name_plural = _("spørsmål i runden")
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="roundquestion_position"),
            models.CheckConstraint(condition=~Q(text=""), name="roundquestion_text_not_empty"),
            translations_constraint("roundquestion"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class RecipientStatus(models.TextChoices):
    """Where a recipient stands, furthest first; derived from the dates, never stored."""

    ANSWERED = "answered", _("Har svart")
    DRAFT = "draft", _("Utkast lagret")
    OPENED = "opened", _("Har åpnet lenken")
    SENT = "sent", _("Sendt")
    NOT_SENT = "not_sent", _("Ikke sendt")


class Recipient(models.Model):
    """An organisation asked in a round, and what happened: sent, opened, answered, reminded, phoned."""

    round = models.ForeignKey(QuestionRound, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="round_recipients"
    )
    # the organisation's address for the round (post@…), as the staff list or CSV gave it
    email = models.EmailField(_("e-post"), blank=True)
    # the language the organisation is written to in (the e-mails and the link's page)
    language = models.CharField(
        _("språk"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("åpnet"), null=True, blank=True)
    draft_at = models.DateTimeField(_("utkast lagret"), null=True, blank=True)
    answered_at = models.DateTimeField(_("svarte"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("sist påminnet"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("påminnelser"), default=0)
    phoned_at = models.DateTimeField(_("ringt"), null=True, blank=True)
    phone_note = models.TextField(_("notat fra telefonsamtale"), blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["round", "organisation__name", "id"]
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="recipient_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="recipient_language_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.organisation_id}"

    @property
    def status(self) -> str:
        if self.answered_at:
            return RecipientStatus.ANSWERED
        if self.draft_at:
            return RecipientStatus.DRAFT
        if self.opened_at:
            return RecipientStatus.OPENED
        if self.sent_at or self.phoned_at:
            return RecipientStatus.SENT
        return RecipientStatus.NOT_SENT

    def get_status_display(self) -> str:
        return str(RecipientStatus(self.status).label)


class RecipientLink(models.Model):
    """A personal link; a reminder adds a new one, so the first e-mail's link keeps working.

    Only a SHA-256 of the token is stored; the link itself is in the e-mail (and printed once
    by `round_create`).
    """

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["recipient", "id"]

    def __str__(self) -> str:
        return f"{self.recipient_id}"


class RoundAnswer(models.Model):
    """An organisation's answer to one question, as typed; submitted answers have inputs."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RoundQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("svar"), blank=True)
    # staff who typed in an answer taken by phone; empty when the organisation wrote it
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)
    inputs = models.ManyToManyField(Input, blank=True, related_name="round_answers")

    class Meta:
        ordering = ["recipient", "question__position"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "question"], name="roundanswer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}/{self.question_id}"
