import json
import sys

from django.core.management.base import BaseCommand, CommandError

from innspill.analysis import classifier
from innspill.inputs.classification import model_load


class Command(BaseCommand):
    help = (
        "Classify inputs read one per line from stdin: theme, themes, confidence, actors, kind, "
        "why (no database). A line that is a JSON object gives `text` and, optionally, `group` "
        "(the headings the input stood under). With --adapt FILE the model is first adapted, in "
        "memory, to the labelled inputs in FILE (JSON lines with text, themes, kind, optional group)."
    )
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", help="one JSON object per line (the default is a table)"
        )
        parser.add_argument(
            "--adapt",
            metavar="FILE",
            help="labelled inputs of the report being classified (JSON lines); nothing is saved",
        )

    def handle(self, *args, json: bool = False, adapt: str | None = None, **options):
        model, _stale = model_load()
        if adapt:
            from innspill.analysis import adapt as adaptation

            try:
                labelled = adaptation.read_labelled_file(adapt)
            except adaptation.AdaptError as exc:
                raise CommandError(str(exc)) from exc
            run = adaptation.adapt(model, labelled).classify
        else:

            def run(texts, *, groups):
                return classifier.classify_with(model, texts, groups=groups)

        pending: list[tuple[str, str | None]] = []

        def flush() -> None:
            texts = [text for text, _ in pending]
            groups = [group for _, group in pending]
            for result in run(texts, groups=groups if any(groups) else None):
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
                pending.append(_read_input(line.rstrip("\n")))
            if len(pending) >= 10_000:
                flush()
        flush()


def _read_input(line: str) -> tuple[str, str | None]:
    """(text, group) of one stdin line: plain text, or a JSON object with `text` [and `group`]."""
    if line.lstrip().startswith("{"):
        try:
            record = json.loads(line)
        except ValueError:
            return line, None
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            group = record.get("group")
            return record["text"], group if isinstance(group, str) and group else None
    return line, None


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
