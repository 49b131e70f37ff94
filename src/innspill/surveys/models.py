"""The evaluation survey: questions, one-time invitations and anonymous responses.

Anonymity is a design rule: `Response` and `Answer` have no foreign key to `SurveyInvitation`,
to registrations or to people, a random UUID as key (so row order does not reveal who answered
first) and only the week of submission. The invitation only records that its token was spent,
not when.
"""

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innspill.common import clock
from innspill.common.content import Translatable, translations_constraint
from innspill.conferences.models import Conference, Session
from innspill.cycles.models import Cycle


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week: how precisely a response's date is kept."""
    return day - datetime.timedelta(days=day.weekday())


class Survey(Translatable):
    translatable = ("title", "intro")

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="survey")
    conference = models.ForeignKey(
        Conference, on_delete=models.SET_NULL, null=True, blank=True, related_name="surveys"
    )
    title = models.CharField(_("tittel"), max_length=300)
    intro = models.TextField(_("innledning"), blank=True)
    closes_at = models.DateTimeField(_("svarfrist"), null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    # Why the links went out before the conference was over; empty when they went out after it.
    early_reason = models.TextField(_("begrunnelse for utsending før konferansen"), blank=True)

    class Meta:
        ordering = ["-cycle__year"]
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        constraints = [translations_constraint("survey")]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SATISFACTION = "satisfaction", _("Fornøydhet (fem nivåer)")
    INTENT = "intent", _("Ja / kanskje / nei")
    TEXT = "text", _("Fritekst")


class QuestionTopic(models.TextChoices):
    OVERALL = "overall", _("Konferansen samlet")
    TALK = "talk", _("Innlegg")
    SESSION = "session", _("Parallellsesjon")
    OTHER = "other", _("Annet")


class Question(Translatable):
    translatable = ("text",)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    topic = models.CharField(
        _("gjelder"), max_length=16, choices=QuestionTopic.choices, default=QuestionTopic.OTHER
    )
    text = models.CharField(_("spørsmål"), max_length=500)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    required = models.BooleanField(_("må besvares"), default=True)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("spørsmål")
        verbose_name_plural = _("spørsmål")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["satisfaction", "intent", "text"]),
                name="surveyquestion_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(topic__in=["overall", "talk", "session", "other"]),
                name="surveyquestion_topic_valid",
            ),
            translations_constraint("surveyquestion"),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(models.Model):
    """Who was asked, and whether their one-time link was used — never what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-post"))
    language = models.CharField(_("språk"), max_length=2, default="nb")
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    # whether, not when: a time here could be matched to a response's date
    spent = models.BooleanField(_("besvart"), default=False)
    # checked in at the conference when the link was sent: the e-mail thanks only those who came
    attended = models.BooleanField(_("deltok"), default=True)
    # the parallel sessions the person was placed in; the form asks about these, not all of them
    sessions = models.ManyToManyField(Session, blank=True, related_name="+")

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("utsendt lenke")
        verbose_name_plural = _("utsendte lenker")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="surveyinvitation_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class SurveyLink(models.Model):
    """A one-time link token; a reminder adds a new one, so the first e-mail's link keeps working.

    Only a SHA-256 of the token is stored; the link itself is in the e-mail only.
    """

    invitation = models.ForeignKey(SurveyInvitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["invitation", "id"]

    def __str__(self) -> str:
        return f"{self.invitation_id}"


class Response(models.Model):
    """One anonymous answer sheet. No link to the invitation or the person, by design."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # The Monday of the week it came in (`week_start`), never the day: on a quiet day one
    # answer and the one reminder that went out that morning would point to each other.
    submitted_on = models.DateField()

    class Meta:
        ordering = ["survey", "submitted_on"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self) -> str:
        return f"{self.survey_id} {self.submitted_on}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=32, blank=True)
    text = models.TextField(blank=True)
    # a comment's evaluation category as the secretariat corrected it; empty: the lexicon decides
    category = models.CharField(_("kategori"), max_length=16, blank=True)

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("svar på spørsmål")
        verbose_name_plural = _("svar på spørsmål")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question"),
            # a scale answer or a comment, never both and never an empty row
            models.CheckConstraint(
                condition=(Q(choice="") & ~Q(text="")) | (~Q(choice="") & Q(text="")),
                name="answer_choice_or_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice or self.text[:40]}"
