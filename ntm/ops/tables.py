"""The tables a backup holds, in dependency order, and their rows in a
database-neutral form (JSON values), so that a backup of SQLite restores
into PostgreSQL and back.

Held: every model of our apps (``ntm.*``, many-to-many tables included),
accounts' groups and permissions (``auth``), ``contenttypes`` (permissions
and the admin history refer to it) and the admin history (``admin``). Left
out on purpose: sessions, login attempts (``axes``) and the background task
queue (``django_tasks_db``): they are transient, and a session or queued task
of the old database must not act in the restored one."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models import Model
from django.db.models.functions import Cast
from django.utils.duration import duration_string

BACKED_UP_APPS = ("contenttypes", "auth", "admin")  # with every ntm.* app
TRANSIENT_APPS = ("sessions", "axes", "django_tasks_database")  # the last: django_tasks_db
# Filled by ``ntm migrate`` itself: present even in a fresh database, so the
# restore replaces them instead of counting them as data.
MIGRATE_FILLED = ("contenttypes.contenttype", "auth.permission")
CHUNK = 2000


def model_label(model: type[Model]) -> str:
    return model._meta.label_lower


def _in_backup(model: type[Model]) -> bool:
    meta = model._meta
    if meta.proxy or not meta.managed or meta.concrete_model is not model:
        return False
    app = apps.get_app_config(meta.app_label)
    return app.name.startswith("ntm.") or meta.app_label in BACKED_UP_APPS


def backed_up_models() -> list[type[Model]]:
    """Every model of the backup, each after the models it refers to
    (a model referring to itself, such as a unit's parent, comes once)."""
    chosen = sorted(
        (m for m in apps.get_models(include_auto_created=True) if _in_backup(m)),
        key=model_label,
    )
    by_label = {model_label(m): m for m in chosen}
    ordered: list[type[Model]] = []
    visiting: set[str] = set()

    def visit(model: type[Model]) -> None:
        label = model_label(model)
        if model in ordered or label in visiting:
            return  # already placed, or a cycle: the deferred checks cover it
        visiting.add(label)
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and model_label(target) in by_label:
                visit(by_label[model_label(target)])
        visiting.discard(label)
        ordered.append(model)

    for model in chosen:
        visit(model)
    return ordered


def transient_models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in TRANSIENT_APPS and m._meta.managed and not m._meta.proxy
    ]


def columns(model: type[Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def column_names(model: type[Model]) -> list[str]:
    return [f.attname for f in columns(model)]


def _encode(value: Any) -> Any:
    """A value read by the ORM as JSON (JSON fields pass as they are)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def rows_as_json(model: type[Model]) -> Iterator[str]:
    """Every row of the model, by primary key, one JSON array a line, values
    in the order of ``column_names``. A JSON column is carried as its JSON
    text, so that a JSON ``null`` stays distinct from SQL NULL."""
    texts = {
        f"_json_{f.attname}": Cast(f.attname, models.TextField())
        for f in columns(model)
        if isinstance(f, models.JSONField)
    }
    names = [
        f"_json_{f.attname}" if isinstance(f, models.JSONField) else f.attname
        for f in columns(model)
    ]
    query = model._base_manager.annotate(**texts).order_by("pk").values_list(*names)
    for row in query.iterator(chunk_size=CHUNK):
        yield json.dumps([_encode(v) for v in row], ensure_ascii=False, allow_nan=False)


def _json_text(value: Any) -> Any:
    """JSON text as read (``rows_as_json``); checked, then stored as it is."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a JSON column not carried as text")
    json.loads(value)
    return value


# Columns whose JSON value is already the database value (checked by type):
# they skip the field's conversion, which is most of the restore's time.
_AS_IS: dict[str, type] = {
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        int,
    ),
    **dict.fromkeys(
        ("CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField"), str
    ),
    "BooleanField": bool,
}


def _as_is(expected: type) -> Any:
    def checked(value: Any) -> Any:
        if value is None or type(value) is expected:
            return value
        raise ValueError(f"{value!r} is not of type {expected.__name__}")

    return checked


def _decoder(field: models.Field[Any, Any]) -> Any:
    if isinstance(field, models.JSONField):
        return _json_text
    if isinstance(field, models.BinaryField):
        return lambda value: None if value is None else base64.b64decode(value)
    kind = (field.target_field if field.is_relation else field).get_internal_type()  # type: ignore[attr-defined]
    if kind in _AS_IS:
        return _as_is(_AS_IS[kind])
    db = connection

    def prepared(value: Any) -> Any:
        if value is None:
            return None
        return field.get_db_prep_save(field.to_python(value), db)

    return prepared


def row_decoders(model: type[Model]) -> list[Any]:
    """For each column, a function from the JSON value to the database value
    (what ``ntm.bulk.bulk_insert`` expects)."""
    return [_decoder(f) for f in columns(model)]


def decode_row(decoders: Sequence[Any], line: str) -> list[Any]:
    values = json.loads(line)
    if not isinstance(values, list) or len(values) != len(decoders):
        raise ValueError("a row with the wrong number of values")
    return [d(v) for d, v in zip(decoders, values, strict=True)]
