"""`python -m innspill round_create --year Y --title T --questions FILE --recipients FILE --json`.

Creates the round, registers the recipients (CSV `name, type, email, region`) and e-mails each
organisation its personal link, built from the site's configured address (INNSPILL_SITE_URL).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from innspill.cycles.services import cycle_get_or_create
from innspill.rounds import services
from innspill.rounds.rules import COMMAND_LINE


class Command(BaseCommand):
    help = "Lag en spørrerunde, legg til mottakerne og send hver organisasjon sin personlige lenke."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--title", required=True)
        parser.add_argument("--questions", type=Path, required=True, help="ett spørsmål per linje")
        parser.add_argument(
            "--recipients",
            type=Path,
            required=True,
            help="CSV: name, type, email, region[, language]",
        )
        parser.add_argument("--intro", default="", help="innledning i e-posten og på svarsiden")
        parser.add_argument(
            "--base-url", default="", help="nettstedets adresse (standard: INNSPILL_SITE_URL)"
        )
        parser.add_argument("--json", action="store_true", help="skriv ut JSON")

    def handle(self, *args, **options):
        try:
            questions = options["questions"].read_text(encoding="utf-8-sig").splitlines()
            recipients = options["recipients"].read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"kunne ikke lese filen: {exc}") from None
        base_url = options["base_url"] or services.site_url()
        try:
            with transaction.atomic():
                cycle = cycle_get_or_create(year=options["year"])
                question_round = services.round_create(
                    cycle=cycle,
                    title=options["title"],
                    questions=questions,
                    intro=options["intro"],
                    by=COMMAND_LINE,
                )
                services.recipients_import(
                    question_round=question_round, text=recipients, by=COMMAND_LINE
                )
                sent = services.round_send(
                    question_round=question_round, base_url=base_url, by=COMMAND_LINE
                )
        except (ValueError, services.RoundError) as exc:
            raise CommandError(str(exc)) from None
        out = {
            "round": question_round.pk,
            "links": [
                {
                    "organisation": link.recipient.organisation.name,
                    "type": link.recipient.organisation.type,
                    "url": link.url,
                }
                for link in sent
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self.stdout.write(f"runde {out['round']}: sendt til {len(sent)} organisasjoner")
            for link in out["links"]:
                self.stdout.write(f"  {link['organisation']}: {link['url']}")
