"""`python -m innspill place PROBLEM.json`: solve a placement problem and print the answer as JSON."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from innspill.analysis.placement import PlacementError, placement_from_json


class Command(BaseCommand):
    help = "Plasser deltakere i sesjoner etter ønsker (JSON inn, JSON ut)."
    # JSON in, JSON out: no database, no URLs, so the system checks (which load every view
    # module) would only add start-up time
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("problem", help="JSON-fil med problemet, eller - for standard inn")
        parser.add_argument("--indent", type=int, default=None)

    def handle(self, *args, **options):
        path = options["problem"]
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
        except OSError as exc:
            raise CommandError(f"kan ikke lese {path}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"ugyldig JSON i {path}: {exc.msg} (linje {exc.lineno})") from None
        if not isinstance(data, dict):
            raise CommandError("problemet må være et JSON-objekt")
        try:
            answer = placement_from_json(data)
        except PlacementError as exc:
            raise CommandError(f"ugyldig problem: {exc}") from None
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=options["indent"]))
