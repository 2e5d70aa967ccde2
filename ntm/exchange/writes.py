"""Writing many values at once with the rules of ``monitoring.services.value_save``.

``value_save`` costs about 3 ms a value (six queries), so a province workbook
(181 communes × 63 indicators, 11,403 values) would take half a minute; the
budget is 2 s (DESIGN.md §5). This writes the same rows in a few set-based
queries and applies, in the same order, the same rules:

1. the user may import values for every commune (``access_allows`` with
   ``Action.IMPORT_DATA``, the one place deciding rights: commune officers for
   their commune, district officers for their district's communes, the
   coordination office for the province), refused with ``AccessRefused``;
2. missing reports are created under ``report_get_or_create``'s rule (a
   commune in the programme); every report is then locked
   (``select_for_update``) and must be editable, as the web form requires;
3. every text is parsed by ``parse_value`` (the one parser) for the measure
   of the set; a changed value outside the plausible range is refused
   (``ImplausibleValue``: a file cannot confirm it, the entry form can);
4. optimistic locking: the version the person saw must still be current,
   else ``ValueConflict`` carries the other person's value;
5. an unchanged text is not written; a written value gets version + 1 and a
   ``ValueChange`` row (history: who, when, from, to, why).

The errors are monitoring's own exceptions with value_save's messages (plus
the cell), so callers handle both paths alike. tests/exchange/test_writes.py
checks that both paths leave identical rows. Must run inside a transaction;
evaluations are recomputed by the caller, once, for all touched reports."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm.accounts.access import AccessRefused, Action, access_allows
from ntm.accounts.models import User
from ntm.bulk import bulk_insert, model_columns
from ntm.core.criteria_model import CriteriaSet as CoreSet
from ntm.core.errors import CriteriaLookupError, ValueParseError
from ntm.core.values import parse_value, value_implausible
from ntm.criteria.models import Indicator
from ntm.criteria.selectors import criteria_catalog, set_label
from ntm.monitoring.models import (
    EDITABLE_STATUSES,
    INDICATOR_VALUE_FIELDS,
    VALUE_CHANGE_FIELDS,
    IndicatorValue,
    Period,
    Report,
    ValueChange,
)
from ntm.monitoring.services import (
    ImplausibleValue,
    MonitoringError,
    ValueConflict,
    value_last_edit,
)
from ntm.stored_text import Message, stored
from ntm.units.models import AdminUnit


@dataclass(frozen=True)
class ValueWrite:
    unit_id: int
    code: str  # indicator code in the set
    raw: str
    expected_version: int  # 0 for a value not entered yet
    where: str = ""  # "Trang 'Số liệu', ô F12: " prefix for messages


CurrentValue = tuple[int, str, str, int]  # pk, raw text, note, version


@transaction.atomic
def values_write(
    *,
    user: User,
    period: Period,
    set_code: str,
    writes: Sequence[ValueWrite],
    reason: Message | str = "",
) -> list[int]:
    """Write every value or none (the caller's transaction rolls back on the
    first error); returns the ids of the reports written to. A ``Message``
    reason is stored with what translates it in the value's history."""
    unit_ids = sorted({w.unit_id for w in writes})
    units = AdminUnit.objects.in_bulk(unit_ids)
    reports = _editable_reports(user, period, unit_ids, units)
    catalog = criteria_catalog()
    if unit_ids and set_code not in {
        s.code for s in catalog.sets_for(units[unit_ids[0]].judged_as, period.year)
    }:
        raise MonitoringError(
            _("Bộ tiêu chí %(set)s không áp dụng cho xã trong năm %(year)s.")
            % {"set": set_label(set_code), "year": period.year}
        )
    codes = {w.code for w in writes}
    indicators = {
        i.code: i for i in Indicator.objects.filter(criteria_set__code=set_code, code__in=codes)
    }
    report_ids = [reports[u].pk for u in unit_ids]
    # Plain tuples: model instances (and their JSON decoding) cost more
    # than the writes for a province workbook.
    current = {
        (report_id, indicator_id): (pk, raw, note, version)
        for pk, report_id, indicator_id, raw, note, version in IndicatorValue.objects.filter(
            report_id__in=report_ids, indicator__in=indicators.values()
        ).values_list("pk", "report_id", "indicator_id", "raw_text", "note", "version")
    }
    target = _Target(period, catalog.get(set_code), indicators, reports, units)
    created, updated = _sort_writes(writes, target, current)
    _store(user=user, created=created, updated=updated, reason=reason)
    return report_ids


def _editable_reports(
    user: User, period: Period, unit_ids: list[int], units: dict[int, AdminUnit]
) -> dict[int, Report]:
    """The reports of the communes, created where missing and locked for
    the write; refuses (before creating any) a commune outside the user's
    rights or the programme, and a report that may not be edited."""
    for unit_id in unit_ids:
        unit = units[unit_id]
        if not access_allows(user, Action.IMPORT_DATA, unit):
            raise AccessRefused(
                _("Bạn không được nhập số liệu của %(commune)s.") % {"commune": unit.name}
            )
    existing = set(
        Report.objects.filter(period=period, unit_id__in=unit_ids).values_list("unit_id", flat=True)
    )
    missing = [units[u] for u in unit_ids if u not in existing]
    for unit in missing:  # report_get_or_create's rule, checked for all before creating any
        if not (unit.is_commune and unit.in_programme):
            raise MonitoringError(
                _("%(unit)s không thuộc Chương trình xây dựng NTM cấp xã.") % {"unit": unit.name}
            )
    Report.objects.bulk_create([Report(unit=unit, period=period) for unit in missing])
    reports = {
        r.unit_id: r
        for r in Report.objects.select_for_update().filter(period=period, unit_id__in=unit_ids)
    }
    for unit_id in unit_ids:
        report = reports[unit_id]
        if report.status not in EDITABLE_STATUSES:
            raise MonitoringError(
                _("Báo cáo %(period)s của %(unit)s đang ở trạng thái «%(status)s», không sửa được.")
                % {
                    "period": period,
                    "unit": units[unit_id].name,
                    "status": report.get_status_display(),
                }
            )
    return reports


@dataclass(frozen=True)
class _Target:
    """Where the writes go: the period, the set, its indicators by code, the
    reports and communes by commune id."""

    period: Period
    cset: CoreSet
    indicators: dict[str, Indicator]
    reports: dict[int, Report]
    units: dict[int, AdminUnit]


def _sort_writes(
    writes: Sequence[ValueWrite],
    target: _Target,
    current: dict[tuple[int, int], CurrentValue],
) -> tuple[list[tuple[int, int, str, Any]], list[tuple[CurrentValue, str, Any]]]:
    """(values to create, values to update): every text parsed, every
    expected version checked (a conflict refuses the whole write), unchanged
    values left out."""
    created: list[tuple[int, int, str, Any]] = []  # report, indicator, raw, parsed
    updated: list[tuple[CurrentValue, str, Any]] = []  # current row, raw, parsed
    parsed_memo: dict[tuple[str, str], tuple[Any, str | None]] = {}  # value, why unusual
    period = target.period
    for w in writes:
        report = target.reports[w.unit_id]
        try:
            measure = target.cset.measure(w.code)
            indicator = target.indicators[w.code]
        except (CriteriaLookupError, KeyError) as exc:
            raise MonitoringError(
                w.where
                + _("Chỉ tiêu «%(code)s» không thuộc bộ tiêu chí %(set)s áp dụng cho năm %(year)s.")
                % {"code": w.code, "set": target.cset.short_name, "year": period.year}
            ) from exc
        raw = w.raw.strip()
        key = (raw, w.code)
        if key not in parsed_memo:  # parsing is pure: once per text and indicator
            try:
                parsed = parse_value(raw, measure)
            except ValueParseError as exc:
                raise MonitoringError(f"{w.where}{w.code}: {exc}") from exc
            unusual = value_implausible(parsed, measure)
            parsed_memo[key] = (parsed, unusual.render(_) if unusual else None)
        parsed, unusual_text = parsed_memo[key]
        value = current.get((report.pk, indicator.pk))
        version = value[3] if value else 0
        if version != w.expected_version:
            raise _conflict(w, value, target.units[w.unit_id])
        if value is not None and value[1] == raw:
            continue
        if unusual_text is not None:
            raise ImplausibleValue(f"{w.where}{w.code}: {unusual_text}")
        if value is None:
            created.append((report.pk, indicator.pk, raw, parsed))
        else:
            updated.append((value, raw, parsed))
    return created, updated


def _conflict(w: ValueWrite, value: CurrentValue | None, unit: AdminUnit) -> ValueConflict:
    """Someone saved (or cleared) the value after the person read it."""
    other = IndicatorValue.objects.select_related("updated_by").get(pk=value[0]) if value else None
    shown = f"«{other.raw_text}» ({value_last_edit(other)})" if other else _("đã bị xoá")
    return ValueConflict(
        other,
        w.where
        + _(
            "%(code)s (%(unit)s): người khác đã lưu giá trị %(shown)s sau khi bạn tải "
            "biểu mẫu. Không có giá trị nào được ghi; tải biểu mẫu mới rồi nhập lại."
        )
        % {"code": w.code, "unit": unit.name, "shown": shown},
    )


def _column(model: type[Model], name: str) -> str:
    """The database column of a concrete field (every field written here is one)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column is not None
    return field.column


def _store(
    *,
    user: User,
    created: list[tuple[int, int, str, Any]],
    updated: list[tuple[CurrentValue, str, Any]],
    reason: Message | str,
) -> None:
    """Rows written in bulk (``ntm.bulk``: COPY on PostgreSQL, executemany on
    SQLite): ``bulk_create`` spends about 5 s building and preparing 23,000
    model instances for a province workbook; this spends a few hundredths."""
    if not created and not updated:
        return
    now = timezone.now()
    text, i18n = stored(reason)
    why = (text.strip(), json.dumps(i18n) if i18n else None)  # bulk rows hold JSON as text
    history = _insert_values(created, user.pk, now, why) if created else []
    if updated:
        history += _update_values(updated, user.pk, now, why)
    bulk_insert(
        ValueChange._meta.db_table,
        model_columns(ValueChange, VALUE_CHANGE_FIELDS),
        history,
    )


def _insert_values(
    created: list[tuple[int, int, str, Any]],
    user_id: int,
    now: datetime,
    why: tuple[str, str | None],
) -> list[tuple[Any, ...]]:
    """New values (version 1); returns their history rows."""
    texts: dict[tuple[type, Any], str] = {}

    def as_json(parsed: Any) -> str:
        key = (type(parsed), parsed)
        if key not in texts:
            texts[key] = json.dumps(parsed)
        return texts[key]

    bulk_insert(
        IndicatorValue._meta.db_table,
        model_columns(IndicatorValue, INDICATOR_VALUE_FIELDS),
        [
            (report_id, indicator_id, raw, as_json(parsed), "", 1, user_id, now)
            for report_id, indicator_id, raw, parsed in created
        ],
    )
    ids = {
        (report_id, indicator_id): pk
        for pk, report_id, indicator_id in IndicatorValue.objects.filter(
            report_id__in={c[0] for c in created},
            indicator_id__in={c[1] for c in created},
        ).values_list("pk", "report_id", "indicator_id")
    }
    return [
        (ids[(report_id, indicator_id)], 1, "", raw, "", "", *why, user_id, now)
        for report_id, indicator_id, raw, _parsed in created
    ]


def _update_values(
    updated: list[tuple[CurrentValue, str, Any]],
    user_id: int,
    now: datetime,
    why: tuple[str, str | None],
) -> list[tuple[Any, ...]]:
    """Changed values (one executemany); returns their history rows."""
    iv = IndicatorValue._meta
    quote = connection.ops.quote_name
    value_field = iv.get_field("value")
    prepared: dict[tuple[type, Any], Any] = {}

    def prep(parsed: Any) -> Any:
        key = (type(parsed), parsed)
        if key not in prepared:
            prepared[key] = value_field.get_db_prep_save(parsed, connection)
        return prepared[key]

    stamp = iv.get_field("updated_at").get_db_prep_save(now, connection)
    set_clause = ", ".join(
        f"{quote(_column(IndicatorValue, n))} = %s"
        for n in ("raw_text", "value", "version", "updated_by", "updated_at")
    )
    pk_column = _column(IndicatorValue, "id")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(iv.db_table)} SET {set_clause} WHERE {quote(pk_column)} = %s",
            [
                (raw, prep(parsed), version + 1, user_id, stamp, pk)
                for (pk, _old_raw, _note, version), raw, parsed in updated
            ],
        )
    return [
        (pk, version + 1, old_raw, raw, note, note, *why, user_id, now)
        for (pk, old_raw, note, version), raw, _parsed in updated
    ]
