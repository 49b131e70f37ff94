"""`backup` then `restore` into a new database gives the same rows and every source file, on
SQLite and on PostgreSQL."""

import hashlib
import sqlite3
from contextlib import contextmanager
from io import StringIO
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from innspill.inputs.models import SourceDocument

# Committed rows: pg_dump reads through a connection of its own.
pytestmark = pytest.mark.django_db(transaction=True)


def row_counts(cursor, tables, quote_name) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"select count(*) from {quote_name(table)}")  # noqa: S608 - catalogue names
        counts[table] = cursor.fetchone()[0]
    return counts


@contextmanager
def new_database(tmp_path):
    """An empty database beside the test database: its URL and a function counting rows in it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def count(tables):
            with sqlite3.connect(path) as db:
                return row_counts(db.cursor(), tables, connection.ops.quote_name)

        yield f"sqlite:///{path}", count
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    server = {
        "host": params["HOST"],
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
    }
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'drop database if exists "{name}"')
        admin.execute(f'create database "{name}"')
    credentials = quote(params["USER"]) + (
        f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    )

    def count(tables):
        with psycopg.connect(**server, dbname=name) as db:
            return row_counts(db.cursor(), tables, connection.ops.quote_name)

    try:
        yield f"postgres://{credentials}@{server['host']}:{server['port']}/{name}", count
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'drop database if exists "{name}" with (force)')


def test_restore_of_a_backup_into_a_new_database_has_the_same_rows_per_table(
    make_input, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    contents = [b"%PDF-1.4 rapport 2023", b"PK docx 2024"]
    for index, content in enumerate(contents):
        sha = hashlib.sha256(content).hexdigest()
        document = SourceDocument(sha256=sha, filename=f"rapport-{index}.pdf")
        document.file.save(f"{sha[:16]}.pdf", ContentFile(content), save=True)
    make_input("Mer penger til frivilligheten", year=2023)
    make_input("Enklere søknader om tilskudd", year=2024, session="Sesjon B")
    User.objects.create_user("arkivar", password="x-long-password-1")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        source = row_counts(cursor, tables, connection.ops.quote_name)
    assert (source["inputs_input"], source["conferences_session"], source["auth_user"]) == (2, 2, 1)
    backup = tmp_path / "innspill.backup"

    call_command("backup", str(backup), stdout=StringIO())

    restored_media = tmp_path / "restored-media"
    with new_database(tmp_path) as (url, count):
        out = StringIO()
        call_command(
            "restore",
            str(backup),
            f"--database-url={url}",
            f"--media-root={restored_media}",
            stdout=out,
        )
        assert out.getvalue() == f"{backup} er gjenopprettet (2 mediefiler skrevet).\n"
        assert count(tables) == source
        assert source["inputs_sourcedocument"] == 2
        # every source file comes back and is served from the restored folder, byte for byte
        settings.MEDIA_ROOT = restored_media
        for document in SourceDocument.objects.all():
            response = Client().get(reverse("archive:source-download", args=[document.pk]))
            body = b"".join(response.streaming_content)
            assert (response.status_code, hashlib.sha256(body).hexdigest()) == (
                200,
                document.sha256,
            )
        # a second restore into the now filled database is refused, not mixed in
        with pytest.raises(CommandError, match="er ikke tom; gjenopprett til en ny database"):
            call_command("restore", str(backup), f"--database-url={url}", stdout=StringIO())


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("ikke en database")
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    with pytest.raises(CommandError, match="er ikke en sikkerhetskopi av en SQLite-database"):
        call_command("restore", str(path), f"--database-url={url}")
