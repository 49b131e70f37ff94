"""Full-text search: a generated tsvector with a GIN index on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE inputs_input ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('norwegian'::regconfig, coalesce(text, ''))) STORED",
    "CREATE INDEX inputs_input_search_gin ON inputs_input USING GIN (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS inputs_input_search_gin",
    "ALTER TABLE inputs_input DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = [
    # Stems are written by Python (Snowball Norwegian); unicode61 only splits on the spaces between them.
    "CREATE VIRTUAL TABLE inputs_input_fts USING fts5(stems, tokenize = \"unicode61 remove_diacritics 0\")",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS inputs_input_fts"]


def forward(apps, schema_editor):
    statements = PG_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = PG_BACKWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_BACKWARD
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("inputs", "0002_default_vocabulary")]
    operations = [migrations.RunPython(forward, backward)]
