"""Build a cycle's report from the saved data: python -m innspill build_report --year 2017 ..."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innspill.cycles.models import Cycle
from innspill.documents import render as r
from innspill.reports import selectors
from innspill.reports.models import ReportType


class Command(BaseCommand):
    help = "Lag konferanserapporten eller innspillsrapporten for et år som HTML, PDF eller DOCX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--type", choices=ReportType.values, default=ReportType.CONFERENCE)
        parser.add_argument("--format", choices=sorted(r.RENDERERS), required=True)
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, **options) -> None:
        cycle = Cycle.objects.filter(year=options["year"]).first()
        if cycle is None:
            raise CommandError(f"Fant ingen syklus for år {options['year']}.")
        document = selectors.report_data(cycle, options["type"])
        data = r.render(document, output_format=options["format"])
        output: Path = options["output"]
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunne ikke skrive {output}: {exc.strerror}") from None
        self.stdout.write(f"{output}: {len(data)} byte, sha256 {r.content_hash(data)}")
