"""`python -m innspill survey ACTION --year YEAR`: create, send, remind or print the evaluation's figures.

Meant for a scheduled reminder (cron) or a scripted run; the staff pages do the same in the browser.
"""

import json
from dataclasses import asdict

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from innspill.cycles.models import Cycle
from innspill.surveys import selectors, services


class Command(BaseCommand):
    help = "Evalueringen: lag spørreskjema, send lenker, send påminnelser eller skriv ut tallene."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "send", "remind", "stats"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--user", help="brukernavn med sekretariat- eller administratorrolle")
        parser.add_argument(
            "--base-url", help="nettstedets adresse i lenkene, f.eks. https://innspill.example.no"
        )
        parser.add_argument(
            "--all-registered",
            action="store_true",
            help="send til alle påmeldte, ikke bare dem som sjekket inn",
        )
        parser.add_argument(
            "--early-reason",
            default="",
            help="begrunnelse for å sende før konferansen er over (lagres i revisjonsloggen)",
        )

    def handle(self, *args, **options):
        try:
            cycle = Cycle.objects.get(year=options["year"])
        except Cycle.DoesNotExist:
            raise CommandError(f"fant ingen syklus for {options['year']}") from None
        action = options["action"]
        if action == "stats":
            survey = selectors.survey_for_cycle(cycle)
            if survey is None:
                raise CommandError("syklusen har ingen evaluering")
            stats = selectors.survey_stats(survey)
            figures = asdict(selectors.stats_year_figures(stats))
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        by = self._user(options.get("user"))
        try:
            if action == "create":
                survey = services.survey_create_default(cycle=cycle, by=by)
                self.stdout.write(f"evaluering {survey.pk}: {survey.questions.count()} spørsmål")
                return
            survey = selectors.survey_for_cycle(cycle)
            if survey is None:
                raise CommandError("syklusen har ingen evaluering (kjør «survey create» først)")
            if not options.get("base_url"):
                raise CommandError("--base-url trengs for lenkene")
            if action == "send":
                n = services.survey_send_to_participants(
                    survey=survey,
                    base_url=options["base_url"],
                    by=by,
                    include_all_registered=options["all_registered"],
                    early_reason=options["early_reason"],
                )
            else:
                n = services.survey_remind(survey=survey, base_url=options["base_url"], by=by)
        except PermissionDenied:
            raise CommandError("brukeren har ikke lov til dette") from None
        except services.SurveyClosed:
            raise CommandError("svarfristen er passert") from None
        except services.SurveyTooEarly as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"sendt: {n}")

    def _user(self, username):
        if not username:
            raise CommandError("--user trengs")
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"fant ingen aktiv bruker {username}") from None
