"""Reads for question rounds: recipients, the contacted/answered table, the registry filter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from innspill.cycles.models import Cycle, QuestionRound
from innspill.organisations.models import Organisation, OrganisationType, Person
from innspill.rounds.models import Recipient, RecipientStatus, RoundAnswer, RoundQuestion

# The table's rows name groups, as the 2020 report did («6 kommuner, 19 frivillige organisasjoner»).
TYPE_PLURALS = {
    OrganisationType.INNVANDRERORGANISASJON: _("Innvandrerorganisasjoner"),
    OrganisationType.INNVANDRERRAD: _("Innvandrerråd"),
    OrganisationType.KOMMUNE: _("Kommuner"),
    OrganisationType.FYLKESKOMMUNE: _("Fylkeskommuner"),
    OrganisationType.FRIVILLIG: _("Frivillige organisasjoner"),
    OrganisationType.NARINGSLIV: _("Næringsliv"),
    OrganisationType.STATLIG: _("Statlige etater"),
    OrganisationType.FORSKNING: _("Forskning"),
}
# the 2020 report's order: municipalities, voluntary organisations, immigrant councils
TYPE_ORDER = {
    key: index
    for index, key in enumerate(
        [
            OrganisationType.KOMMUNE,
            OrganisationType.FYLKESKOMMUNE,
            OrganisationType.FRIVILLIG,
            OrganisationType.INNVANDRERORGANISASJON,
            OrganisationType.INNVANDRERRAD,
            OrganisationType.NARINGSLIV,
            OrganisationType.STATLIG,
            OrganisationType.FORSKNING,
        ]
    )
}


def natural_key(name: str) -> list[Any]:
    """«Org 2» before «Org 10»."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name.lower())]


class Participation:
    """The registry filter on earlier rounds (keys of the staff form)."""

    ANY = ""
    ASKED = "asked"  # asked in an earlier round
    ANSWERED = "answered"  # answered an earlier round
    NEVER = "never"  # never asked before


@dataclass
class TypeRow:
    type: str
    label: str
    contacted: int = 0
    answered: int = 0
    answered_names: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.contacted) if self.contacted else None


def is_contacted(recipient: Recipient) -> bool:
    """Asked by e-mail or by phone (an answer typed in by staff counts as contact too)."""
    return bool(recipient.sent_at or recipient.phoned_at or recipient.answered_at)


def contacted_answered(recipients: list[Recipient]) -> list[TypeRow]:
    """The 2020 table, computed: per organisation type, how many were contacted and answered."""
    rows: dict[str, TypeRow] = {}
    for recipient in sorted(recipients, key=lambda r: natural_key(r.organisation.name)):
        if not is_contacted(recipient):
            continue
        kind = recipient.organisation.type
        row = rows.setdefault(kind, TypeRow(type=kind, label=str(TYPE_PLURALS.get(kind, kind))))
        row.contacted += 1
        if recipient.answered_at:
            row.answered += 1
            row.answered_names.append(recipient.organisation.name)
    return sorted(rows.values(), key=lambda row: TYPE_ORDER.get(row.type, len(TYPE_ORDER)))


def round_recipients(question_round: QuestionRound) -> list[Recipient]:
    return list(
        question_round.recipients.select_related("organisation").order_by(
            "organisation__name", "id"
        )
    )


def cycle_recipients(cycle: Cycle) -> list[Recipient]:
    """Every recipient of the cycle's rounds; an organisation asked in two rounds counts once."""
    seen: dict[int, Recipient] = {}
    rows = (
        Recipient.objects.filter(round__cycle=cycle)
        .select_related("organisation")
        .order_by("organisation_id", "-answered_at", "id")
    )
    for recipient in rows:
        best = seen.get(recipient.organisation_id)
        if best is None or (recipient.answered_at and not best.answered_at):
            seen[recipient.organisation_id] = recipient
    return list(seen.values())


def round_status(question_round: QuestionRound) -> dict[str, Any]:
    """The round as `round_status --json` prints it."""
    recipients = round_recipients(question_round)
    return {
        "round": question_round.pk,
        "title": question_round.title,
        "by_type": {
            row.type: {"contacted": row.contacted, "answered": row.answered}
            for row in contacted_answered(recipients)
        },
        "recipients": [
            {
                "organisation": r.organisation.name,
                "type": r.organisation.type,
                "status": r.status,
                "sent": r.sent_at.isoformat() if r.sent_at else None,
                "opened": r.opened_at.isoformat() if r.opened_at else None,
                "answered": r.answered_at.isoformat() if r.answered_at else None,
                "reminded": r.reminded_at.isoformat() if r.reminded_at else None,
                "reminders": r.reminders,
                "phoned": r.phoned_at.isoformat() if r.phoned_at else None,
            }
            for r in recipients
        ],
    }


def status_counts(recipients: list[Recipient]) -> list[tuple[str, str, int]]:
    """(status key, label, n) for every status, in the order a round moves through them."""
    counts = {key: 0 for key in RecipientStatus.values}
    for recipient in recipients:
        counts[recipient.status] += 1
    return [(key, str(label), counts[key]) for key, label in RecipientStatus.choices]


def rounds_list() -> QuerySet[QuestionRound]:
    return QuestionRound.objects.select_related("cycle").order_by("-cycle__year", "-id")


def round_get(pk: int) -> QuestionRound:
    return QuestionRound.objects.select_related("cycle").get(pk=pk)


def round_questions(question_round: QuestionRound) -> list[RoundQuestion]:
    return list(question_round.fixed_questions.order_by("position"))


def recipient_answers(recipient: Recipient) -> dict[int, RoundAnswer]:
    return {a.question_id: a for a in recipient.answers.all()}


def recipient_get(question_round: QuestionRound, pk: int) -> Recipient:
    return Recipient.objects.select_related("organisation", "round__cycle").get(
        round=question_round, pk=pk
    )


def organisations_matching(
    *, types: list[str], regions: list[str], participation: str, exclude_round: QuestionRound
) -> list[Organisation]:
    """The registry filtered for a new round: by type, region and earlier participation."""
    qs = Organisation.objects.exclude(round_recipients__round=exclude_round)
    if types:
        qs = qs.filter(type__in=types)
    if regions:
        qs = qs.filter(region__in=regions)
    earlier = Recipient.objects.filter(organisation=OuterRef("pk")).exclude(round=exclude_round)
    if participation == Participation.ASKED:
        qs = qs.filter(Exists(earlier))
    elif participation == Participation.ANSWERED:
        qs = qs.filter(Exists(earlier.filter(answered_at__isnull=False)))
    elif participation == Participation.NEVER:
        qs = qs.exclude(Exists(earlier))
    return list(qs.order_by("name", "id"))


def answers_by_question(cycle: Cycle) -> list[tuple[RoundQuestion, list[RoundAnswer]]]:
    """The submitted answers of the cycle's rounds under their questions, rounds in order."""
    answers = (
        RoundAnswer.objects.filter(recipient__answered_at__isnull=False)
        .exclude(text="")
        .select_related("recipient__organisation")
        .prefetch_related("inputs__theme")
        .order_by("recipient__organisation__name", "id")
    )
    questions = RoundQuestion.objects.filter(round__cycle=cycle).order_by(
        "round__created_at", "round_id", "position"
    )
    return [
        (question, list(question.submitted))
        for question in questions.prefetch_related(
            Prefetch("answers", queryset=answers, to_attr="submitted")
        )
    ]


def organisations_with_email(ids: list[int]) -> list[tuple[Organisation, str]]:
    """The chosen organisations with the address of their first contact that has one (or "")."""
    organisations = Organisation.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("contacts", queryset=Person.objects.exclude(email="").order_by("id"))
    )
    return [
        (organisation, next((p.email for p in organisation.contacts.all()), ""))
        for organisation in organisations.order_by("name", "id")
    ]
