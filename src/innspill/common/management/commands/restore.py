import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innspill.common.backup import BackupError, site_restore


class Command(BaseCommand):
    help = (
        "Restore a backup (from `backup`) into an empty database (--database-url or DATABASE_URL) "
        "and its media files into --media-root (default MEDIA_ROOT)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL") or "",
            help="the empty database to restore into (default DATABASE_URL)",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            default=None,
            help="where the media files go (default MEDIA_ROOT)",
        )

    def handle(self, *args, path: Path, database_url: str, media_root: Path | None, **options):
        url = database_url or f"sqlite:///{settings.DATABASES['default']['NAME']}"
        try:
            files = site_restore(
                path=path, database_url=url, media_root=media_root or Path(settings.MEDIA_ROOT)
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{path} er gjenopprettet ({files} mediefiler skrevet).")
