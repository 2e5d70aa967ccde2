"""The one fast bulk-write path (ntm.bulk), on real rows: the values and
history of two communes entered through the real services."""

from __future__ import annotations

import pytest
from django.db.models import JSONField, Value

from ntm.bulk import bulk_delete, bulk_insert_select, model_columns
from ntm.monitoring.models import VALUE_CHANGE_FIELDS, IndicatorValue, ReportEvent, ValueChange
from ntm.units.models import AdminUnit
from tests.monitoring import conftest as monitoring

pytestmark = pytest.mark.django_db
fill_report, monitoring_world = monitoring.fill_report, monitoring.monitoring_world


@pytest.fixture
def two_reports(fill_report):
    communes = AdminUnit.objects.filter(name__in=["Xã Tân Liên", "Xã Hòa Cư"]).order_by("name")
    return [
        fill_report(unit, "2023-Q1", {"1.1": "Đạt", "7": "Đạt"}, status="submitted")
        for unit in communes
    ]


def test_model_columns_name_foreign_keys_by_their_column():
    assert model_columns(ValueChange, ["value", "version", "changed_by"]) == [
        "value_id",
        "version",
        "changed_by_id",
    ]
    with pytest.raises(ValueError, match="no column"):
        model_columns(IndicatorValue, ["changes"])  # a reverse relation


def test_insert_select_derives_rows_without_fetching_them(two_reports):
    first, _second = two_reports
    ValueChange.objects.all().delete()
    source = IndicatorValue.objects.filter(report=first).values_list(
        "pk",
        "version",
        Value(""),
        "raw_text",
        Value(""),
        "note",
        Value("bulk"),
        Value(None, output_field=JSONField()),
        "updated_by",
        "updated_at",
    )
    table = ValueChange._meta.db_table
    assert bulk_insert_select(table, model_columns(ValueChange, VALUE_CHANGE_FIELDS), source) == 2
    rows = ValueChange.objects.order_by("value__indicator__code")
    assert [(c.value.report_id, c.new_raw, c.reason) for c in rows] == [
        (first.pk, "Đạt", "bulk"),
        (first.pk, "Đạt", "bulk"),
    ]
    assert all(c.changed_at == c.value.updated_at for c in rows)
    assert all(c.changed_by_id == c.value.updated_by_id for c in rows)


def test_delete_takes_the_filtered_rows_only_children_first(two_reports):
    first, second = two_reports
    values = IndicatorValue.objects.filter(report=first)
    assert bulk_delete(ValueChange.objects.filter(value__in=values)) == 2
    assert bulk_delete(values) == 2
    assert bulk_delete(ReportEvent.objects.filter(report=first)) == 1
    assert not IndicatorValue.objects.filter(report=first).exists()
    assert IndicatorValue.objects.filter(report=second).count() == 2
    assert ValueChange.objects.filter(value__report=second).count() == 2
    assert ReportEvent.objects.filter(report=second).count() == 1
