"""Excel import of a province workbook (DESIGN.md §5): Lạng Sơn's 181
communes × every indicator and condition of the commune set (63 columns,
11,403 cells), built with the real template and filled the way Excel would
(openpyxl), every cell changed. Half of the communes already hold values, so
the template is pre-filled with their versions and the commit both updates
and inserts.

Budgets: read + validate + preview ≤ 1 s and ≤ 10× the floor; commit ≤ 2 s
(the floor is shown beside it for scale). Floor: python-calamine reading
every sheet of the same file into Python values, nothing else.

The suite sets up its own database: ``bench.databases.use_database`` points
this process's Django at a fresh SQLite file (bench/out/bench_import.sqlite3),
migrates it, and the suite loads the real units, criteria sets and demo
accounts into it. Each timed commit runs in a transaction that is rolled
back, so every run starts from the same state; a last, real commit checks the
result.

Also reported (no budget): building the template, and a national-scale
export (10,040 communes × 63 columns) to .xlsx and CSV."""

from __future__ import annotations

import io
import time

from bench.databases import postgres_available, use_database
from bench.harness import Figure, Results, median_seconds

PERIOD = "2023"


def _filled_workbook(template: bytes, cset: object) -> bytes:
    """Every value cell given a new value, in the forms people type."""
    import openpyxl

    from ntm.core.criteria_model import ValueType

    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Số liệu"]
    codes = {c.column: c.value for c in ws[4] if c.column > 4}
    for i, r in enumerate(range(7, ws.max_row + 1)):
        if not ws.cell(r, 1).value:
            continue
        seeded = i % 2 == 0  # the communes _seed_half gave values (same order)
        for col, code in codes.items():
            m = cset.measure(code)  # type: ignore[attr-defined]
            k = r + col
            match m.value_type:
                case ValueType.BOOLEAN:
                    value: object = "Không đạt" if seeded or k % 3 == 0 else "Đạt"
                case ValueType.ENUM:
                    value = "Có" if seeded else m.options[k % len(m.options)]
                case ValueType.PERCENT:
                    value = 60 + (k % 40) + 0.25 if k % 2 else f"{60 + k % 40},5%"
                case ValueType.COUNT:
                    value = 10 + k % 7
                case _:
                    value = f"{40 + k % 20},{k % 10}"
            ws.cell(r, col).value = value
    ws["C2"] = "15/04/2023"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _seed_half(user: object, communes: list, cset: object) -> None:
    """Values for every other commune, through the exchange's writer (the
    rules of value_save), then their evaluations."""
    from ntm.core.criteria_model import ValueType
    from ntm.exchange.writes import ValueWrite, values_write
    from ntm.monitoring.evaluations import evaluations_recompute
    from ntm.monitoring.services import period_get_or_create

    raw = {
        ValueType.BOOLEAN: "Đạt",
        ValueType.ENUM: "Không",
        ValueType.PERCENT: "50",
        ValueType.COUNT: "3",
        ValueType.NUMBER: "30",
    }
    writes = [
        ValueWrite(unit.pk, m.code, raw[m.value_type], 0)
        for unit in communes[::2]
        for m in cset.iter_measures()  # type: ignore[attr-defined]
    ]
    report_ids = values_write(
        user=user,
        period=period_get_or_create(PERIOD),
        set_code=cset.code,
        writes=writes,  # type: ignore[attr-defined]
    )
    evaluations_recompute(report_ids)


def run(results: Results, kind: str = "sqlite") -> None:
    if kind == "postgresql" and not postgres_available():
        print("  PostgreSQL not available: skipped", flush=True)
        return
    database = use_database(kind, "bench_import")
    import python_calamine
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from ntm.accounts.models import User
    from ntm.criteria.selectors import criteria_catalog
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.exchange.models import ImportBatch
    from ntm.exchange.selectors import main_set_for, scope_communes, template_data
    from ntm.exchange.services import import_check, import_run, import_upload
    from ntm.exchange.template_writer import template_workbook
    from ntm.monitoring.models import IndicatorValue
    from ntm.units.models import AdminUnit

    started = time.perf_counter()
    call_command("units", "import", verbosity=0)
    criteria_load()
    demo_users_ensure()
    admin = User.objects.get(username="quantri")
    province = AdminUnit.objects.get(type="tinh")
    communes = scope_communes(province)
    cset = main_set_for(criteria_catalog(), communes[0], int(PERIOD))
    _seed_half(admin, communes, cset)
    seconds = time.perf_counter() - started
    print(f"  loaded units, criteria, accounts, seeded values in {seconds:.1f} s", flush=True)

    template = template_workbook(template_data(province, PERIOD), generated_by="quantri")
    template_time = median_seconds(
        lambda: template_workbook(template_data(province, PERIOD)), runs=5, warmup=1
    )
    data = _filled_workbook(template, cset)
    cells = len(communes) * len(list(cset.iter_measures()))

    def floor_read() -> None:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    def preview() -> object:
        return import_check(user=admin, data=data, filename="tinh.xlsx")

    checked = preview()
    problems = checked.errors + checked.conflicts  # type: ignore[attr-defined]
    assert not problems, [i.text for i in problems[:5]]
    assert len(checked.changes) == cells, len(checked.changes)  # type: ignore[attr-defined]
    floor = median_seconds(floor_read, runs=15, warmup=3)
    preview_time = median_seconds(preview, runs=7, warmup=2)

    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        batch = import_upload(user=admin, data=data, filename="tinh.xlsx")

    def commit() -> None:
        with transaction.atomic():
            import_run(batch_id=batch.pk)
            transaction.set_rollback(True)

    commit_time = median_seconds(commit, runs=5, warmup=1)
    import_run(batch_id=batch.pk)  # for real, once: the result is checked
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED, batch.message
    assert IndicatorValue.objects.filter(report__period__code=PERIOD).count() == cells

    note = f"{len(communes)} communes × {cells // len(communes)} columns, every cell changed"
    results.add(
        Figure(
            f"Excel import: read + validate + preview, province workbook ({cells:,} cells)",
            preview_time,
            budget=1.0,
            floor=floor,
            max_ratio=10.0,
            note=note + f"; file {len(data) // 1024} KB",
            database=database,
        )
    )
    results.add(
        Figure(
            f"Excel import: commit, province workbook ({cells:,} values, one transaction)",
            commit_time,
            budget=2.0,
            floor=floor,
            note="rights, locks, parser, versions, history, then evaluations of 181 reports",
            database=database,
        )
    )
    results.add(
        Figure(
            "Excel template: province workbook, pre-filled, with versions",
            template_time,
            note=f"{len(communes)} rows × {cells // len(communes)} columns",
            database=database,
        )
    )
    if kind == "sqlite":  # no database involved: measured once
        _national_export(results)


def _national_export(results: Results) -> None:
    """Writing a national dataset (10,040 communes × 63 columns, every cell
    filled) to .xlsx and CSV; the rows are built in memory so the figure is
    the writers' own cost."""
    from bench.national import national_units
    from ntm.core.criteria_model import ValueType
    from ntm.core.periods import parse_period
    from ntm.criteria.selectors import criteria_catalog
    from ntm.exchange.exports import dataset_csv, dataset_xlsx
    from ntm.exchange.selectors import Dataset, DatasetColumn, DatasetRow
    from ntm.units.models import AdminUnit

    cset = criteria_catalog().get("xa-ntm-2021-2025")
    columns = [DatasetColumn(cset.code, "", m, c.code) for c in cset.criteria for m in c.indicators]
    columns += [DatasetColumn(cset.code, "", m, "") for m in cset.conditions]
    sample = {
        ValueType.BOOLEAN: True,
        ValueType.ENUM: "Không",
        ValueType.PERCENT: 87.25,
        ValueType.COUNT: 12,
        ValueType.NUMBER: 45.5,
    }
    values = {
        (cset.code, col.measure.code): ("x", sample[col.measure.value_type], 1) for col in columns
    }
    rows = [
        DatasetRow(
            unit=AdminUnit(code=u.code, name=u.name, type="xa", region=u.region),
            district=u.district_name,
            report_id=i,
            status="approved",
            status_label="Tỉnh đã phê duyệt",
            values=values,
            verdicts={},
            criteria_met={cset.code: 15},
            criteria={},
            levels={},
        )
        for i, u in enumerate(national_units(), start=1)
    ]
    spec = parse_period(PERIOD)
    data = Dataset(
        scope=AdminUnit(code="VN", name="Cả nước", type="quoc_gia"),
        period=spec,
        period_label="Năm 2023",
        main_set=cset,
        sets=[cset],
        columns=columns,
        rows=rows,
        approved_only=False,
    )
    cells = len(rows) * len(columns)
    xlsx = median_seconds(lambda: dataset_xlsx(data), runs=3, warmup=1)
    csv = median_seconds(lambda: dataset_csv(data), runs=3, warmup=1)
    results.add(
        Figure(
            f"export a country to .xlsx ({len(rows):,} × {len(columns)} = {cells:,} cells)",
            xlsx,
            note="three sheets: values with number formats, criteria, thresholds",
        )
    )
    results.add(
        Figure(
            f"export a country to CSV ({cells:,} cells)",
            csv,
            note="UTF-8 with BOM, Vietnamese decimal comma",
        )
    )
