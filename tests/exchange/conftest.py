"""Fixtures for the Excel exchange: real units, criteria and demo accounts,
values entered through the real monitoring services, and helpers that build
and edit real .xlsx files with openpyxl (the way a person's Excel would)."""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ntm.accounts.models import Role, RoleAssignment, User
from ntm.exchange.selectors import template_data
from ntm.exchange.template_writer import template_workbook
from ntm.monitoring.evaluations import evaluations_recompute
from ntm.monitoring.models import IndicatorValue, Report
from ntm.monitoring.services import (
    period_get_or_create,
    report_get_or_create,
    report_transition,
    value_save,
)
from ntm.units.models import AdminUnit

DATA_SHEET = "Số liệu"


@pytest.fixture
def world(criteria_db, demo_users):
    """Units, criteria sets and demo users, keyed by username."""
    return demo_users


@pytest.fixture
def other_commune(lang_son) -> AdminUnit:
    """A programme commune of another district (Đình Lập)."""
    return (
        AdminUnit.objects.filter(parent__name="Huyện Đình Lập", type="xa", in_programme=True)
        .order_by("code")
        .first()
    )


def officer_for(unit: AdminUnit) -> User:
    """A commune-officer account for a commune (or, on a district, for all
    its communes: a district data-entry clerk)."""
    user, created = User.objects.get_or_create(username=f"nhap-{unit.code}")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
    return user


@pytest.fixture
def enter(world) -> Callable[..., Report]:
    """enter(unit, "2023", {"2.1": "80%"}, status="submitted") saves values as
    the commune's officer through value_save, then walks the workflow."""

    def run(
        unit: AdminUnit,
        period: str,
        values: Mapping[str, str],
        *,
        status: str = "draft",
        user: User | None = None,
    ) -> Report:
        report = report_get_or_create(unit=unit, period=period_get_or_create(period))
        officer = user or officer_for(unit)
        for code, raw in values.items():
            current = IndicatorValue.objects.filter(
                report=report,
                indicator__code=code,
                indicator__criteria_set__code="xa-ntm-2021-2025",
            ).first()
            value_save(
                user=officer,
                report=report,
                indicator_code=code,
                raw=raw,
                expected_version=current.version if current else 0,
                recompute=False,
            )
        evaluations_recompute([report.pk])
        steps = {
            "draft": [],
            "submitted": ["submit"],
            "approved": ["submit", "appraise", "approve"],
        }
        for step in steps[status]:
            actor = officer if step == "submit" else world["quantri"]
            report = report_transition(user=actor, report=report, name=step)
        return report

    return run


def make_template(scope: AdminUnit, period: str = "2023", by: str = "") -> bytes:
    return template_workbook(template_data(scope, period), generated_by=by)


def open_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def save_xlsx(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def column_of(ws: Any, code: str, header_row: int = 4) -> int:
    from ntm.criteria.selectors import shown_code

    for cell in ws[header_row]:
        if cell.value in (code, shown_code(code)):  # a condition is headed by its label
            return cell.column
    raise KeyError(code)


def row_of(ws: Any, unit_code: str, code_col: int = 1) -> int:
    for row in ws.iter_rows(min_col=code_col, max_col=code_col):
        if row[0].value == unit_code:
            return row[0].row
    raise KeyError(unit_code)


def fill(
    data: bytes,
    cells: Mapping[tuple[str, str], Any],
    *,
    sheet: str = DATA_SHEET,
    edit: Callable[[Any], None] | None = None,
) -> bytes:
    """Set cells of a template by (commune code, indicator code), as a person
    typing in Excel would, and save with openpyxl."""
    wb = open_xlsx(data)
    ws = wb[sheet]
    for (unit_code, code), value in cells.items():
        ws.cell(row_of(ws, unit_code), column_of(ws, code)).value = value
    if edit is not None:
        edit(ws)
    return save_xlsx(wb)


def libreoffice_convert(
    source: Path, out_dir: Path, *, infilter: str | None = None, to: str = "xlsx"
) -> Path:
    """Convert with a real LibreOffice (its own profile directory, so that
    conversions can run side by side) and return the new file."""
    profile = Path("/tmp") / f"lo-ntm-{uuid.uuid4().hex}"
    command = [
        "libreoffice",
        "--headless",
        f"-env:UserInstallation=file://{profile}",
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", to, "--outdir", str(out_dir), str(source)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    result = out_dir / f"{source.stem}.{to}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result


def db_counts() -> dict[str, int]:
    """Rows of everything an import could change."""
    from ntm.exchange.models import ImportBatch
    from ntm.jobs.models import Job
    from ntm.monitoring.models import Evaluation, Period, ValueChange

    return {
        "values": IndicatorValue.objects.count(),
        "changes": ValueChange.objects.count(),
        "reports": Report.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "periods": Period.objects.count(),
        "batches": ImportBatch.objects.count(),
        "jobs": Job.objects.count(),
    }
