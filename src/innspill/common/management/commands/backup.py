from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innspill.common.backup import BackupError, database_backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database to a file (SQLite copy or pg_dump -Fc)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            vendor = database_backup(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{vendor}: {path} ({path.stat().st_size} bytes)")
