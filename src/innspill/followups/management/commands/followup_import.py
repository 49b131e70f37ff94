"""Import ministries' answers: python -m innspill followup_import FILE [--dry-run] [--json]."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innspill.followups.services import followups_import
from innspill.followups.spreadsheets import SpreadsheetError, read_rows


class Command(BaseCommand):
    help = "Les oppfølgingssvar fra CSV eller XLSX (kolonnene input|cluster, ministry, status, answer, url, date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Vis resultatet uten å lagre.")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file: Path, dry_run: bool, json: bool, **options) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Kunne ikke lese {file}: {exc.strerror}") from None
        try:
            rows = read_rows(file.name, data)
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        # The operator at the command line has the secretariat's rights (by=None).
        result = followups_import(rows=rows, by=None, dry_run=dry_run)
        if json:
            self.stdout.write(_dumps(result.as_dict()))
            return
        prefix = "Prøvekjøring: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result.created} nye, {result.updated} endret, "
            f"{result.unchanged} uendret, {len(result.rejected)} avvist"
        )
        for row in result.rejected:
            self.stdout.write(f"  linje {row['line']}: {row['error']}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
