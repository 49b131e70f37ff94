"""`python -m innspill round_status --round ID --json`: contacted/answered by type, each recipient's status."""

import json

from django.core.management.base import BaseCommand, CommandError

from innspill.cycles.models import QuestionRound
from innspill.rounds import selectors


class Command(BaseCommand):
    help = "Vis hvem som er spurt og hvem som har svart i en spørrerunde."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="skriv ut JSON")

    def handle(self, *args, **options):
        try:
            question_round = selectors.round_get(options["round"])
        except QuestionRound.DoesNotExist:
            raise CommandError(f"fant ingen spørrerunde {options['round']}") from None
        status = selectors.round_status(question_round)
        if options["json"]:
            self.stdout.write(json.dumps(status, ensure_ascii=False))
            return
        self.stdout.write(f"{question_round.title} ({question_round.cycle.year})")
        for kind, row in status["by_type"].items():
            self.stdout.write(f"  {kind}: spurt {row['contacted']}, svar {row['answered']}")
        for recipient in status["recipients"]:
            self.stdout.write(f"  {recipient['organisation']}: {recipient['status']}")
