"""The set-based writer applies value_save's rules: same rows, same refusals."""

from __future__ import annotations

import pytest

from ntm.accounts.access import AccessRefused
from ntm.exchange.writes import ValueWrite, values_write
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import Evaluation, IndicatorValue, Report, ValueChange
from ntm.monitoring.services import (
    MonitoringError,
    ValueConflict,
    period_get_or_create,
    report_get_or_create,
    report_transition,
    value_save,
)
from tests.exchange.conftest import officer_for

pytestmark = pytest.mark.django_db

MAIN = "xa-ntm-2021-2025"
STEPS = [  # (code, raw) in order; the second 2.1 updates the first, the third repeats it
    ("2.1", "80"),
    ("1.1", "Đạt"),
    ("10", "153,888"),  # income: 5.103,888 would be implausible (ntm.core.bounds)
    ("9.1", "Có"),
    ("2.1", "85,5%"),
    ("2.1", "85,5%"),
]


def _rows(report: Report):
    values = sorted(
        IndicatorValue.objects.filter(report=report).values_list(
            "indicator__code", "raw_text", "value", "note", "version", "updated_by__username"
        )
    )
    history = sorted(
        ValueChange.objects.filter(value__report=report).values_list(
            "value__indicator__code", "version", "old_raw", "new_raw", "changed_by__username"
        )
    )
    verdicts = Evaluation.objects.get(report=report, criteria_set__code=MAIN).verdicts
    return values, history, verdicts


def test_same_rows_as_value_save(world, cao_loc):
    first, second = cao_loc.children.filter(type="xa", in_programme=True).order_by("code")[:2]
    clerk = officer_for(cao_loc)
    period = period_get_or_create("2023")
    by_service = report_get_or_create(unit=first, period=period)
    for code, raw in STEPS:
        current = IndicatorValue.objects.filter(report=by_service, indicator__code=code).first()
        value_save(
            user=clerk,
            report=by_service,
            indicator_code=code,
            raw=raw,
            expected_version=current.version if current else 0,
        )
    versions: dict[str, int] = {}
    for code, raw in STEPS:
        (report_id,) = values_write(
            user=clerk,
            period=period,
            set_code=MAIN,
            writes=[ValueWrite(second.pk, code, raw, versions.get(code, 0))],
        )
        versions[code] = IndicatorValue.objects.get(
            report_id=report_id, indicator__code=code
        ).version
    evaluations_recompute([report_id])
    by_writer = Report.objects.get(pk=report_id)
    assert _rows(by_writer) == _rows(by_service)
    assert IndicatorValue.objects.get(report=by_writer, indicator__code="2.1").version == 2


def test_refusals_match_and_write_nothing(world, tan_lien, other_commune):
    officer = world["tanlien"]
    period = period_get_or_create("2023")

    def write(*writes):
        return values_write(user=officer, period=period, set_code=MAIN, writes=list(writes))

    with pytest.raises(
        AccessRefused, match=f"Bạn không được nhập số liệu của {other_commune.name}"
    ):
        write(ValueWrite(tan_lien.pk, "2.1", "80", 0), ValueWrite(other_commune.pk, "2.1", "80", 0))
    with pytest.raises(
        MonitoringError, match=r"Trang 'X', ô B2: 2\.1: «abc» không phải là số hợp lệ"
    ):
        write(ValueWrite(tan_lien.pk, "2.1", "abc", 0, "Trang 'X', ô B2: "))
    with pytest.raises(MonitoringError, match=r"Chỉ tiêu «99\.9» không thuộc bộ tiêu chí"):
        write(ValueWrite(tan_lien.pk, "99.9", "1", 0))
    write(ValueWrite(tan_lien.pk, "2.1", "80", 0))
    with pytest.raises(ValueConflict, match="người khác đã lưu giá trị «80»") as info:
        write(ValueWrite(tan_lien.pk, "3.1", "90", 0), ValueWrite(tan_lien.pk, "2.1", "85", 0))
    assert info.value.current.raw_text == "80"
    report = Report.objects.get(unit=tan_lien)
    report_transition(user=officer, report=report, name="submit")
    with pytest.raises(
        MonitoringError, match="đang ở trạng thái «Chờ huyện thẩm định», không sửa được"
    ):
        write(ValueWrite(tan_lien.pk, "2.1", "85", 1))
    assert list(IndicatorValue.objects.values_list("indicator__code", "raw_text")) == [
        ("2.1", "80")
    ]
