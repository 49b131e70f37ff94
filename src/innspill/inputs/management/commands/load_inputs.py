import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.inputs.services import LoadError, inputs_load


class Command(BaseCommand):
    help = "Load inputs from CSV or JSON lines (year, conference, session, text [, organisation_type, region, kind, theme, group])."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--no-classify", action="store_true", help="skip automatic classification"
        )

    def handle(self, *args, file: Path, json: bool, no_classify: bool, **options):
        try:
            result = inputs_load(path=file, classify=not no_classify)
        except LoadError as exc:
            raise CommandError(str(exc)) from exc
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(
                f"{result.rows} rader: {result.created} nye, {result.unchanged} fantes fra før, "
                f"{len(result.rejected)} avvist."
            )
        for line, message in result.rejected[:200]:
            self.stderr.write(f"linje {line}: {message}")
        if len(result.rejected) > 200:
            self.stderr.write(f"… og {len(result.rejected) - 200} avviste rader til.")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
