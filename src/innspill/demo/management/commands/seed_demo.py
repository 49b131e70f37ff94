from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from innspill.common import clock
from innspill.conferences.models import Session, SessionKind, Summary
from innspill.conferences.services import (
    block_create,
    conference_get_or_create,
    session_create,
    session_get_or_create,
)
from innspill.cycles.services import cycle_get_or_create, evaluation_result_store
from innspill.demo import data as demo_data
from innspill.documents.model import Figure
from innspill.followups.demo import demo_followups
from innspill.inputs.models import Kind, Origin, Status, Theme
from innspill.inputs.services import NewInput, inputs_classify, inputs_create_many
from innspill.meetings.demo import demo_meeting
from innspill.organisations.models import Organisation
from innspill.practices.demo import demo_practices


class Command(BaseCommand):
    help = "Load the fictional demo cycle and the demo logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )

    @transaction.atomic
    def handle(self, *args, quiet_logins: bool = False, **options):
        for name, type_, municipality, region, orgnr in demo_data.ORGANISATIONS:
            Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "type": type_,
                    "municipality": municipality,
                    "region": region,
                    "org_number": orgnr,
                },
            )
        today = clock.today()
        themes = {t.key: t for t in Theme.objects.all()}
        kinds = {k.key: k for k in Kind.objects.all()}
        sessions: dict[tuple[int, int], Session] = {}
        for year, title, theme, day in demo_data.cycles(today):
            cycle = cycle_get_or_create(year=year, title=title, theme=theme)
            conference, _ = conference_get_or_create(
                cycle=cycle,
                title=title,
                defaults={"date": day, "venue": "Konferansesenteret i Nordby", "capacity": 225},
            )
            for number, stitle, role, leader, room in demo_data.SESSIONS:
                start, end = demo_data.session_times(day, number)
                session, _ = session_get_or_create(
                    conference=conference,
                    kind=SessionKind.PARALLEL,
                    number=number,
                    title=stitle,
                    leader_name=leader,
                    leader_role=role,
                    room=room,
                    starts_at=start,
                    ends_at=end,
                    capacity=30,
                )
                sessions[(year, number)] = session
                Summary.objects.get_or_create(
                    conference=conference,
                    leader_name=leader,
                    position=number,
                    defaults={
                        "session": session,
                        "leader_role": role,
                        "items": [
                            "Takk for mange konkrete innspill.",
                            "Vi tar med oss forslagene i arbeidet videre.",
                        ],
                    },
                )
            half = len(demo_data.SESSIONS) // 2
            numbers = [number for number, *_rest in demo_data.SESSIONS]
            evaluation_result_store(
                cycle=cycle,
                source="demo",
                invited=210,
                respondents=80 + year % 7,
                # stated as the published reports state them: a range over the talks and one
                # figure per group of sessions
                figures=[
                    Figure("response_rate", value=39),
                    Figure("satisfied", value=88),
                    Figure("satisfied", "talks", min=71, max=93),
                    Figure("satisfied", "sessions", value=79, sessions=numbers[:half]),
                    Figure("satisfied", "sessions", value=84, sessions=numbers[half:]),
                    Figure("attend_next_year", value=85),
                    Figure("maybe_next_year", value=12),
                ],
                suggestions=[
                    "Mer tid til diskusjon i sesjonene.",
                    "Del presentasjonene på forhånd.",
                ],
            )
        rows = [
            NewInput(
                text=row["text"],
                cycle_id=session.conference.cycle_id,
                year=row["year"],
                origin=Origin.SESSION,
                conference_id=session.conference_id,
                session_id=session.pk,
                group_heading=row["group"],
                organisation_type=row["organisation_type"],
                region=row["region"],
                kind_id=kinds[row["kind"]].pk,
                theme_id=themes[row["theme"]].pk,
                conference_title=session.conference.title,
                session_title=session.title,
            )
            for row in demo_data.demo_inputs(today)
            for session in [sessions[(row["year"], row["session"])]]
        ]
        newest = cycle_get_or_create(year=demo_data.cycles(today)[-1][0])
        rows += [
            NewInput(
                text=text,
                cycle_id=newest.pk,
                year=newest.year,
                origin=Origin.WEB,
                organisation_type=organisation_type,
                region=region,
                status=Status.PENDING,
            )
            for organisation_type, region, text in demo_data.WEB_INPUTS
        ]
        created = inputs_create_many(rows=rows, classify=False).created
        inputs_classify(ids=None)  # actors and secondary themes for rows the source did not label
        self.stdout.write(f"Demo: {created} nye innspill.")
        self._users(quiet_logins)
        followups = demo_followups(today=today)
        self.stdout.write(f"Demo: {followups} nye oppfølginger.")
        self._upcoming_conference(today)
        self._question_round()
        practices = demo_practices(today=today)
        self.stdout.write(f"Demo: {practices} nye gode grep.")
        year, title, theme, _day = demo_data.upcoming(today)
        secretariat = get_user_model().objects.get(username="sekretariat")
        meeting = demo_meeting(
            cycle=cycle_get_or_create(year=year, title=title, theme=theme),
            today=today,
            by=secretariat,
        )
        self.stdout.write(f"Demo: innspillsmøte i {meeting.place}, {meeting.date}.")

    def _question_round(self) -> None:
        """A round sent a week ago for the coming conference: answers, a draft, a reminder today."""
        from datetime import timedelta

        from innspill.cycles.models import QuestionRound
        from innspill.rounds import services as rounds

        year = demo_data.upcoming(clock.today())[0]
        cycle = cycle_get_or_create(year=year)
        if QuestionRound.objects.filter(cycle=cycle, title=demo_data.ROUND_TITLE).exists():
            return
        admin = get_user_model().objects.get(username="admin")
        base_url = rounds.site_url()
        with clock.moved(days=-7):
            question_round = rounds.round_create(
                cycle=cycle,
                title=demo_data.ROUND_TITLE,
                questions=demo_data.ROUND_QUESTIONS,
                intro="Svar gjerne kort. Svarene blir innspill til årets konferanse.",
                closes_at=clock.now() + timedelta(days=21),
                by=admin,
            )
            organisations = [
                (org, demo_data.round_email(org.name))
                for org in Organisation.objects.filter(
                    name__in=[o[0] for o in demo_data.ORGANISATIONS]
                ).order_by("name")
            ]
            rounds.recipients_add(
                question_round=question_round, organisations=organisations, by=admin
            )
            rounds.round_send(question_round=question_round, base_url=base_url, by=admin)
        questions = list(question_round.fixed_questions.order_by("position"))
        recipients = {
            r.organisation.name: r for r in question_round.recipients.select_related("organisation")
        }
        for days, (name, texts) in enumerate(demo_data.ROUND_ANSWERS.items()):
            with clock.moved(days=-6 + days):
                rounds.recipient_open(recipient=recipients[name])
                rounds.answers_save(
                    recipient=recipients[name],
                    answers={q.pk: text for q, text in zip(questions, texts, strict=True)},
                    submit=True,
                )
        for name, texts in demo_data.ROUND_DRAFTS.items():
            with clock.moved(days=-2):
                rounds.recipient_open(recipient=recipients[name])
                rounds.answers_save(
                    recipient=recipients[name],
                    answers={q.pk: text for q, text in zip(questions, texts, strict=False)},
                    submit=False,
                )
        reminded = rounds.round_remind(question_round=question_round, base_url=base_url, by=admin)
        self.stdout.write(
            f"Demo: spørrerunde sendt til {len(recipients)} organisasjoner, "
            f"{len(demo_data.ROUND_ANSWERS)} svar, {reminded} påminnet."
        )

    def _upcoming_conference(self, today: date) -> None:
        """A coming conference day with a program, invitations and registrations with ranked wishes."""
        import random
        from datetime import datetime, timedelta
        from zoneinfo import ZoneInfo

        from innspill.registrations.models import Invitation
        from innspill.registrations.services import (
            RegistrationData,
            invitation_create,
            registration_submit,
        )

        year, title, theme, day = demo_data.upcoming(today)
        tz = ZoneInfo("Europe/Oslo")
        admin = get_user_model().objects.get(username="admin")
        cycle = cycle_get_or_create(year=year, title=title, theme=theme, by=admin)
        conference, created = conference_get_or_create(
            cycle=cycle,
            title=title,
            defaults={
                "date": day,
                "venue": "Konferansesenteret i Nordby",
                "capacity": 225,
                "registration_deadline": datetime.combine(
                    day - timedelta(days=demo_data.REGISTRATION_CLOSES_DAYS_BEFORE),
                    datetime.min.time(),
                    tz,
                ),
            },
            by=admin,
        )
        if not created:
            return
        for start, end, stitle, speaker in demo_data.PLENARY:
            session_create(
                conference=conference,
                by=admin,
                kind=SessionKind.PLENARY,
                title=stitle,
                speakers=speaker,
                starts_at=datetime.combine(day, start, tz),
                ends_at=datetime.combine(day, end, tz),
                room="Store sal",
                capacity=225,
            )
        block = block_create(conference=conference, title="Parallellsesjoner", position=1, by=admin)
        sessions = []
        for number, stitle, role, leader, room in demo_data.SESSIONS:
            start, end = demo_data.session_times(day, number)
            sessions.append(
                session_create(
                    conference=conference,
                    by=admin,
                    kind=SessionKind.PARALLEL,
                    number=number,
                    title=stitle,
                    leader_name=leader,
                    leader_role=role,
                    room=room,
                    starts_at=start,
                    ends_at=end,
                    capacity=30,
                    block=block,
                )
            )
        rng = random.Random(2026)
        popular = sessions[:3]  # demand is skewed towards a few sessions, as it is in real years
        for i in range(demo_data.DEMO_INVITED):
            org = demo_data.ORGANISATIONS[i % len(demo_data.ORGANISATIONS)]
            invitation, _token = invitation_create(
                conference=conference,
                email=f"deltaker{i + 1}@example.org",
                name=f"Deltaker {i + 1}",
                organisation_name=org[0],
                by=admin,
            )
            if i >= demo_data.DEMO_REGISTERED:
                continue
            first = rng.choice(popular) if rng.random() < 0.7 else rng.choice(sessions)
            rest = [s for s in sessions if s != first]
            rng.shuffle(rest)
            registration_submit(
                invitation=Invitation.objects.get(pk=invitation.pk),
                data=RegistrationData(
                    name=invitation.name,
                    organisation_name=org[0],
                    organisation_type=org[1],
                    region=org[3],
                    social=rng.random() < 0.4,
                    wishes={block.pk: [first.pk] + [s.pk for s in rest[:2]]},
                ),
            )
        self.stdout.write(
            f"Demo: kommende konferanse {year} med {demo_data.DEMO_INVITED} invitert, "
            f"{demo_data.DEMO_REGISTERED} påmeldt."
        )

    def _users(self, quiet: bool) -> None:
        User = get_user_model()
        lines = []
        for username, role, superuser in demo_data.DEMO_USERS:
            # Only the superuser enters the Django admin; the roles work in the site's own pages.
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": superuser, "is_superuser": superuser}
            )
            if created:
                user.set_password(demo_data.DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            lines.append(f"  {username:<12} {demo_data.DEMO_PASSWORD}   ({role})")
        if not quiet:
            self.stdout.write("Demo-innlogginger (brukernavn  passord):\n" + "\n".join(lines))
