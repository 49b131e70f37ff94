from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innspill.common.backup import BackupError, site_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database (SQLite copy or pg_dump -Fc) and the media "
        "folder (uploaded source reports) into one tar file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options) -> None:
        try:
            summary = site_backup(path=path, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{summary.vendor} + {summary.media_files} mediefiler: {path} "
            f"({path.stat().st_size} bytes)"
        )
