import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.documents.errors import DocumentError
from innspill.inputs.importing import ReportImportError, report_import, report_parse


class Command(BaseCommand):
    help = "Import a published report (PDF, scanned PDF, DOCX, text, Markdown) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="only read and print; touch no database"
        )
        parser.add_argument("--json", action="store_true", help="print JSON on stdout")

    def handle(self, *args, path: Path, dry_run: bool, json: bool, **options):
        if not path.is_file():
            raise CommandError(f"Fant ikke filen: {path}")
        try:
            if dry_run:
                report = report_parse(path=path)
                if json:
                    self.stdout.write(_dumps(report.to_dict()))
                else:
                    self.stdout.write(
                        f"{report.kind} {report.year}: «{report.title}», "
                        f"{len(report.sessions)} sesjoner, {len(report.inputs)} innspill, "
                        f"{len(report.warnings)} advarsler (ingenting lagret)"
                    )
                return
            result = report_import(path=path)
        except (DocumentError, ReportImportError) as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            verb = "importert" if result.status == "created" else "uendret (allerede importert)"
            self.stdout.write(
                f"{path.name}: {verb}; {result.inputs} innspill, {result.sessions} sesjoner."
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
