"""Backing up and restoring the site: the database (SQLite's online backup API, PostgreSQL's
pg_dump) and the media folder (uploaded source reports), together in one tar file.

Both database engines take a consistent snapshot while the site runs. A restore goes into an
empty database only, so it can never mix two states or overwrite the live one by a slip of
the hand. A database-only file from before media were included is still restored.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import dj_database_url
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# Members of the tar file: one database snapshot, then every file under MEDIA_ROOT.
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


@dataclass(frozen=True)
class BackupSummary:
    vendor: str
    media_files: int


def site_backup(*, path: Path, media_root: Path) -> BackupSummary:
    """Write the database snapshot and every file under `media_root` into one tar at `path`.

    The database is taken first: a file saved meanwhile is an extra in the copy (an orphan
    the daily clean-up removes after restoring), never a row without its file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    files = 0
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        snapshot = Path(folder) / "database"
        vendor = database_backup(path=snapshot)
        with tarfile.open(temp, "w") as tar:
            tar.add(snapshot, arcname=DATABASE_MEMBERS[vendor])
            if media_root.is_dir():
                for file in sorted(media_root.rglob("*")):
                    if file.is_file() and not file.is_symlink():
                        name = MEDIA_PREFIX + file.relative_to(media_root).as_posix()
                        tar.add(file, arcname=name)
                        files += 1
    temp.replace(path)  # a backup file is never half written
    return BackupSummary(vendor=vendor, media_files=files)


def site_restore(*, path: Path, database_url: str, media_root: Path) -> int:
    """Restore a `site_backup` file: the database into the empty one at `database_url`, then
    its media files into `media_root`. Returns how many files were written.

    A file already there with the same size is left alone (source files are named by their
    content's hash), so restoring beside a live site's media folder adds only what is missing.
    """
    head = _head(path)
    if head.startswith((SQLITE_MAGIC, PG_DUMP_MAGIC)) or not tarfile.is_tarfile(path):
        database_restore(path=path, database_url=database_url)
        return 0
    with tarfile.open(path) as tar, tempfile.TemporaryDirectory() as folder:
        members = {m.name: m for m in tar.getmembers()}
        found = [name for name in DATABASE_MEMBERS.values() if name in members]
        if len(found) != 1:
            raise BackupError(f"{path} har ingen database; er det en sikkerhetskopi fra `backup`?")
        snapshot = Path(folder) / "database"
        _copy_member(tar, members[found[0]], snapshot)
        database_restore(path=snapshot, database_url=database_url)
        written = 0
        for name, member in members.items():
            if not (name.startswith(MEDIA_PREFIX) and member.isfile()):
                continue
            relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
            if relative.is_absolute() or ".." in relative.parts:
                raise BackupError(f"{path} har en fil utenfor mediemappen: {name}")
            target = media_root.joinpath(*relative.parts)
            if target.is_file() and target.stat().st_size == member.size:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_member(tar, member, target)
            written += 1
    return written


def _copy_member(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    source = tar.extractfile(member)
    if source is None:
        raise BackupError(f"{member.name} kan ikke leses fra sikkerhetskopien.")
    with source, target.open("wb") as out:
        shutil.copyfileobj(source, out)


def database_backup(*, path: Path) -> str:
    """Write a snapshot of the configured database to `path`; returns the engine's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".part")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(temp)
        try:
            # The online backup copies page by page and restarts if a writer interrupts, so
            # the copy is one consistent state even while the site runs.
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        _run(
            [_pg_binary("pg_dump"), "--format=custom", "--no-owner", f"--file={temp}"],
            settings_dict,
        )
    else:
        raise BackupError(f"Kan ikke ta sikkerhetskopi av {connection.vendor}.")
    temp.replace(path)  # a backup file is never half written
    return connection.vendor


def database_restore(*, path: Path, database_url: str) -> None:
    """Restore the backup at `path` into the empty database at `database_url`."""
    target = dj_database_url.parse(database_url)
    head = _head(path)
    if target["ENGINE"].endswith("sqlite3"):
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{path} er ikke en sikkerhetskopi av en SQLite-database.")
        name = Path(target["NAME"])
        with sqlite3.connect(name) as db:
            if db.execute("select count(*) from sqlite_master").fetchone()[0]:
                raise BackupError(f"{name} er ikke tom; gjenopprett til en ny database.")
        source, destination = sqlite3.connect(path), sqlite3.connect(name)
        try:
            source.backup(destination)
        finally:
            source.close()
            destination.close()
    elif target["ENGINE"].endswith("postgresql"):
        if not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(f"{path} er ikke en sikkerhetskopi laget av pg_dump.")
        if _pg_has_tables(target):
            raise BackupError(f"{target['NAME']} er ikke tom; gjenopprett til en ny database.")
        # without --dbname, pg_restore would print SQL instead of restoring
        command = [_pg_binary("pg_restore"), f"--dbname={target['NAME']}", "--no-owner"]
        _run([*command, "--exit-on-error", "--single-transaction", str(path)], target)
    else:
        raise BackupError(f"Kan ikke gjenopprette til {target['ENGINE']}.")


def _head(path: Path) -> bytes:
    if not path.is_file():
        raise BackupError(f"Fant ikke {path}.")
    with path.open("rb") as file:
        return file.read(16)


def _pg_binary(name: str) -> str:
    """pg_dump/pg_restore from INNSPILL_PG_BINDIR, else the newest installed PostgreSQL, else PATH.

    The client must be at least as new as the server; Debian's /usr/bin wrapper may pick an
    older one, so the versioned folder is preferred.
    """
    folders = [os.environ.get("INNSPILL_PG_BINDIR", "")]
    folders += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda folder: (
            int(Path(folder).parent.name) if Path(folder).parent.name.isdigit() else 0
        ),
        reverse=True,
    )
    for folder in folders:
        if folder and (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Fant ikke {name} (sett INNSPILL_PG_BINDIR).")
    return found


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    # Through the environment, not the command line, so the password is not in `ps`.
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": settings_dict.get("NAME") or "",
    }
    return os.environ | {key: value for key, value in values.items() if value}


def _run(command: list[str], settings_dict: dict[str, Any]) -> None:
    done = subprocess.run(command, env=_pg_env(settings_dict), capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} feilet: {done.stderr.strip()[-2000:]}")


def _pg_has_tables(settings_dict: dict[str, Any]) -> bool:
    import psycopg

    env = _pg_env(settings_dict)
    with psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
    ) as db:
        row = db.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ).fetchone()
        return bool(row and row[0])
