import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.analysis.similarity import similar_matches


def _lines(path: Path) -> list[str]:
    try:
        return [
            line.rstrip("\n")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Kan ikke lese {path}: {exc}") from exc


class Command(BaseCommand):
    help = "For each query line, the most similar corpus lines (one text per line in both files; no database)."
    requires_system_checks: list = []

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, required=True)
        parser.add_argument("--queries", type=Path, required=True)
        parser.add_argument("--top", type=int, default=5)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, corpus: Path, queries: Path, top: int, json: bool = False, **options):
        if top < 1:
            raise CommandError("--top må være minst 1")
        corpus_lines, query_lines = _lines(corpus), _lines(queries)
        if not corpus_lines:
            raise CommandError(f"{corpus} har ingen linjer")
        for record in similar_matches(corpus=corpus_lines, queries=query_lines, top_k=top):
            if json:
                self.stdout.write(_dumps(record))
            else:
                best = ", ".join(f"{m['index']} ({m['score']:.2f})" for m in record["matches"])
                self.stdout.write(f"{record['query']}: {best}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
