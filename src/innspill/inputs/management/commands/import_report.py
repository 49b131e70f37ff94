import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.documents.errors import DocumentError
from innspill.documents.model import KINDS
from innspill.inputs.importing import ReportImportError, report_import, report_parse


class Command(BaseCommand):
    help = "Import a published report (PDF, scanned PDF, DOCX, text, Markdown) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--year", type=int, help="the report's year, instead of the one read")
        parser.add_argument(
            "--type",
            choices=KINDS,
            dest="kind",
            help="the document's kind, instead of the one read",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only read and print; touch no database"
        )
        parser.add_argument("--json", action="store_true", help="print JSON on stdout")

    def handle(
        self, *args, path: Path, year: int | None, kind: str | None, dry_run: bool, json: bool,
        **options,
    ):  # fmt: skip
        if not path.is_file():
            raise CommandError(f"Fant ikke filen: {path}")
        try:
            # read here (not inside the import) when the structure is printed or overridden
            report = (
                report_parse(path=path, kind=kind, year=year)
                if dry_run or json or kind or year
                else None
            )
            if dry_run:
                assert report is not None
                if json:
                    self.stdout.write(_dumps(report.to_dict()))
                else:
                    self.stdout.write(
                        f"{report.kind} {report.year}: «{report.title}», "
                        f"{len(report.sessions)} sesjoner, {len(report.inputs)} innspill, "
                        f"{len(report.warnings)} advarsler (ingenting lagret)"
                    )
                return
            result = report_import(path=path, report=report)
        except (DocumentError, ReportImportError) as exc:
            raise CommandError(str(exc)) from exc
        if json:
            assert report is not None
            saved = result.as_dict()
            # the structure as read, and what the import saved of it
            self.stdout.write(
                _dumps(
                    {
                        **report.to_dict(),
                        "status": saved["status"],
                        "document": saved["document"],
                        "saved": {key: saved[key] for key in ("inputs", "sessions", "summaries")},
                        "warnings": saved["warnings"] or report.warnings,
                    }
                )
            )
        else:
            verb = "importert" if result.status == "created" else "uendret (allerede importert)"
            self.stdout.write(
                f"{path.name}: {verb}; {result.inputs} innspill, {result.sessions} sesjoner."
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
