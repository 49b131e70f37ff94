"""Full-text search over inputs with Norwegian stemming, one mechanism per database.

PostgreSQL: a stored tsvector column generated with the built-in `norwegian`
configuration, GIN-indexed (see migration 0003). SQLite: an FTS5 table whose rows
hold the Snowball stems of each input, written by Python, because FTS5 has no
Norwegian stemmer. Both expose the same filter: `matching_ids(query)`.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL

from innspill.analysis.text import normalise, query_stems, stems, words

FTS_TABLE = "inputs_input_fts"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def fts5_match_expression(query: str) -> str:
    """An FTS5 MATCH string that ANDs the query's stems, each quoted so no operator survives."""
    return " ".join('"' + s.replace('"', '""') + '"' for s in query_stems(query))


def has_terms(query: str) -> bool:
    return bool(query_stems(query))


def matching_ids(query: str) -> RawSQL:
    """A subquery of input ids matching `query` (callers check `has_terms` first)."""
    if is_postgres():
        cleaned = " ".join(words(query))
        return RawSQL(  # noqa: S611 - constant SQL, the query is a bound parameter
            "SELECT id FROM inputs_input WHERE search_vector @@ plainto_tsquery('norwegian', %s)",
            [cleaned],
        )
    return RawSQL(  # noqa: S611 - constant SQL, the match expression is a bound parameter
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608 - constant name
        [fts5_match_expression(query)],
    )


def matching_id_list(query: str) -> list[int]:
    """Ids of inputs matching `query`, straight from the text index."""
    subquery = matching_ids(query)
    sql, params = subquery.sql, subquery.params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def index_rows(rows: Iterable[tuple[int, str]]) -> None:
    """Write (id, text) rows into the SQLite index; PostgreSQL maintains its own column."""
    if is_postgres():
        return
    payload = [(pk, " ".join(stems(normalise(text)))) for pk, text in rows]
    if not payload:
        return
    delete_sql = f"DELETE FROM {FTS_TABLE} WHERE rowid = %s"  # noqa: S608 - constant table name
    insert_sql = f"INSERT INTO {FTS_TABLE}(rowid, stems) VALUES (%s, %s)"  # noqa: S608 - constant table name
    with connection.cursor() as cursor:
        cursor.executemany(delete_sql, [(pk,) for pk, _ in payload])
        cursor.executemany(insert_sql, payload)


def unindex(ids: Iterable[int]) -> None:
    if is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in ids])  # noqa: S608
