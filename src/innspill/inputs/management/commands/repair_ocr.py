from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.documents.ocr_repair import repair_text


class Command(BaseCommand):
    help = "Print a text file with wrong-language OCR repaired (æ, ø, å restored); line breaks are kept."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kan ikke lese {path} som UTF-8-tekst: {exc}") from exc
        self.stdout.write(repair_text(text), ending="")
