import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innspill.common.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a backup (from `backup`) into an empty database: --database-url or DATABASE_URL."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL") or "",
            help="the empty database to restore into (default DATABASE_URL)",
        )

    def handle(self, *args, path: Path, database_url: str, **options) -> None:
        url = database_url or f"sqlite:///{settings.DATABASES['default']['NAME']}"
        try:
            database_restore(path=path, database_url=url)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{path} er gjenopprettet.")
