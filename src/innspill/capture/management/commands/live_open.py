"""`python -m innspill live_open --session N [--year Y] [--no-moderation] --json`: open a session's capture now."""

import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from innspill.capture import selectors, services
from innspill.capture.rules import COMMAND_LINE


class Command(BaseCommand):
    help = "Åpne innspillsmottaket for en parallellsesjon nå, og skriv ut koden og adressene."

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, required=True, help="sesjonens nummer")
        parser.add_argument("--year", type=int, help="konferanseåret (standard: neste konferanse)")
        parser.add_argument(
            "--no-moderation",
            action="store_true",
            help="deltakernes innspill vises uten at referenten godtar dem først",
        )
        parser.add_argument("--json", action="store_true", help="skriv ut JSON")
        parser.add_argument(
            "--base-url",
            default=os.environ.get("INNSPILL_BASE_URL", ""),
            help="nettstedets adresse foran stiene (standard: bare stiene)",
        )

    def handle(self, *args, **options):
        conference = selectors.coming_conference(options.get("year"))
        if conference is None:
            raise CommandError(
                "fant ingen konferanse"
                + (f" i {options['year']}" if options.get("year") else " fra i dag av")
            )
        session = selectors.parallel_session(conference, options["session"])
        if session is None:
            raise CommandError(f"{conference} har ingen parallellsesjon {options['session']}")
        capture = services.capture_setup(session=session, by=COMMAND_LINE)
        capture = services.capture_open(
            capture=capture,
            by=COMMAND_LINE,
            moderated=False if options["no_moderation"] else None,
        )
        base = options["base_url"].rstrip("/")
        out = {
            "code": capture.code,
            "capture_url": base + reverse("capture:capture", args=[capture.code]),
            "wall_url": base + reverse("capture:wall", args=[capture.code]),
        }
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{session}: kode {out['code']}\n  deltakere: {out['capture_url']}\n"
                f"  vegg: {out['wall_url']}"
            )
