"""Fast bulk writes for large derived tables (evaluations of a whole
country, benchmark datasets): COPY on PostgreSQL, one executemany on SQLite.
The ORM's bulk_create builds a model object per row, which costs more than
the database does at millions of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns
    how many. Values must already be in database form (JSON as text)."""
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            batch = rows if isinstance(rows, list) else list(rows)
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', batch)
            count = len(batch)
    return count


def analyze(*models: type) -> None:
    """Refresh PostgreSQL's statistics of tables just filled in bulk: a table
    loaded inside the current transaction still looks empty to the planner,
    which then picks nested-loop plans that take minutes. No-op on SQLite."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')  # type: ignore[attr-defined]
