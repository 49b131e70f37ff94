from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.documents.errors import DocumentError
from innspill.inputs.importing import ReportImportError, report_import, report_parse

SUFFIXES = {".pdf", ".docx", ".txt", ".md"}


class Command(BaseCommand):
    help = "Import every report in a folder (as `make demo CORPUS=<folder>` does); bad files are reported and skipped."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        if not folder.is_dir():
            raise CommandError(f"Fant ikke mappen: {folder}")
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
        failed = 0
        parsed = []
        for path in files:
            try:
                parsed.append((path, report_parse(path=path)))
            except DocumentError as exc:
                failed += 1
                self.stderr.write(f"{path.name}: {exc}")
        # Whole reports (with a title page giving the year) before parts of reports, so the parts join them.
        parsed.sort(key=lambda item: (item[1].year is None, item[0].name))
        for path, report in parsed:
            try:
                result = report_import(path=path, report=report)
            except ReportImportError as exc:
                failed += 1
                self.stderr.write(f"{path.name}: {exc}")
                continue
            self.stdout.write(f"{path.name}: {result.status}, {result.inputs} innspill")
        if failed == len(files) and files:
            raise CommandError("Ingen rapporter kunne importeres.")
