import json
import sys

from django.core.management.base import BaseCommand

from innspill.analysis import classifier
from innspill.inputs.classification import model_path


class Command(BaseCommand):
    help = "Classify inputs read one per line from stdin: theme, themes, confidence, actors, kind, why (no database)."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="one JSON object per line (the default is a table)"
        )

    def handle(self, *args, json: bool = False, **options):
        model = classifier.load_model(model_path())
        pending: list[str] = []

        def flush() -> None:
            for result in classifier.classify_with(model, pending):
                record = result.to_dict()
                if json:
                    self.stdout.write(_dumps(record))
                else:
                    self.stdout.write(
                        f"{record['theme']:<16} {record['kind'] or '-':<9} {record['confidence']:.2f}  "
                        f"{','.join(record['actors']) or '-':<24} {record['text'][:70]}"
                    )
            pending.clear()

        for line in sys.stdin:
            if line.strip():
                pending.append(line.rstrip("\n"))
            if len(pending) >= 10_000:
                flush()
        flush()


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
