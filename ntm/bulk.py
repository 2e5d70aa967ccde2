"""Fast bulk writes for large derived tables (evaluations of a whole
country, imported workbooks, the demo data, benchmark datasets): COPY on
PostgreSQL, one executemany on SQLite, INSERT ... SELECT for rows derived
from others, one DELETE per table. The ORM's
bulk_create builds a model object per row, and its delete() fetches every row
to cascade, which costs more than the database does at millions of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model, QuerySet


def model_columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    """The database columns of ``fields`` (names as in the model, a foreign
    key by its name: ``report`` gives ``report_id``), for :func:`bulk_insert`."""
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, Field) or field.column is None:
            raise ValueError(f"{model.__name__}.{name} has no column of its own")
        columns.append(field.column)
    return columns


def bulk_insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns
    how many. Values must already be in database form (a field's
    ``get_db_prep_value``, or JSON as text)."""
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            batch: list[Any] = rows if isinstance(rows, list) else list(rows)
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', batch)
            count = len(batch)
    return count


def bulk_insert_select(table: str, columns: Sequence[str], source: QuerySet[Any]) -> int:
    """Insert into ``table`` the rows ``source`` selects (a ``values_list`` in
    ``columns`` order, constants as ``Value``) with one INSERT ... SELECT;
    returns how many. For rows derived from rows just written, whose ids a
    bulk insert does not return: they never leave the database."""
    select, params = source.query.sql_with_params()
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{table}" ({names}) {select}', params)
        return int(cursor.rowcount)


def bulk_delete(rows: QuerySet[Any]) -> int:
    """Delete the rows of ``rows`` with one DELETE statement (its filter as
    a subquery); returns how many. Nothing is fetched, nothing cascades and no
    signal is sent: delete the rows that refer to these first, children
    before parents (the database refuses otherwise)."""
    # Django's own fast-delete path, which QuerySet.delete() takes only when
    # nothing refers to the model.
    return rows._raw_delete(rows.db)


def analyze(*models: type[Model]) -> None:
    """Refresh PostgreSQL's statistics of tables just filled in bulk: a table
    loaded inside the current transaction still looks empty to the planner,
    which then picks nested-loop plans that take minutes. No-op on SQLite."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
