"""Every backed-up table and every uploaded file of a database, in a form
that compares across SQLite and PostgreSQL: rows read through the ORM,
ordered by primary key, datetimes in UTC, JSON with sorted keys, Decimals
normalised; files by SHA-256. Run as a module against another database
(``python -m tests.ops.table_rows [--insert]``), it prints that as JSON;
``--insert`` then creates one user, to prove the id sequences moved on."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from decimal import Decimal
from typing import Any


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return str(value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def tables() -> dict[str, list[list[Any]]]:
    from ntm.ops.tables import backed_up_models, column_names, model_label

    return {
        model_label(m): [
            [_canonical(v) for v in row]
            for row in m._base_manager.order_by("pk").values_list(*column_names(m))
        ]
        for m in backed_up_models()
    }


def media() -> dict[str, str]:
    from django.core.files.storage import default_storage

    from ntm.ops.backup import storage_names

    found = {}
    for name in storage_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            found[name] = hashlib.sha256(handle.read()).hexdigest()
    return found


def main() -> None:
    import django

    django.setup()
    result: dict[str, Any] = {"tables": tables(), "media": media()}
    if "--insert" in sys.argv:
        from ntm.accounts.models import User

        user = User.objects.create(username="sau-khoi-phuc")
        result["inserted_user_id"] = user.pk
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
