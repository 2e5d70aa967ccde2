"""Deterministic synthetic datasets for the benchmarks, at province scale
(Lạng Sơn's 181 communes, real units) and national scale (the 10,040
pre-2025 commune-level units; for scale each is loaded as a programme
commune), with values for 5 yearly periods and the 4 quarters of the last
year, all approved.

Rows go in by a bulk path (COPY on PostgreSQL, executemany on SQLite) that
keeps the invariants of the services: every value is what the shared parser
returns for its raw text, has version 1 and one history row, every report
carries its workflow events, and evaluations are computed by the product's
own batch recomputation."""

from __future__ import annotations

import datetime as dt
import json
import time
from itertools import repeat

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ntm.bulk import bulk_insert
from ntm.core.criteria_model import Measure, ValueType
from ntm.core.numbers_vi import format_number_vi
from ntm.core.values import parse_value

YEARS = (2021, 2022, 2023, 2024, 2025)
PERIODS = (*map(str, YEARS), "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
SET_CODE = "xa-ntm-2021-2025"


def _reset_sequence(table: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


def load_national_units() -> int:
    """Country → provinces → districts → communes, every commune in the
    programme (for scale), region from the province. GSO numbers the three
    levels separately, so provinces and districts get a letter prefix."""
    from bench.national import national_units
    from ntm.core.text import fold
    from ntm.units.models import AdminUnit

    units = national_units()
    country = AdminUnit.objects.create(
        code="VN", name="Cả nước", name_folded="ca nuoc", type="quoc_gia", path="VN"
    )
    provinces: dict[str, AdminUnit] = {}
    districts: dict[str, AdminUnit] = {}
    for u in units:
        if u.province_code not in provinces:
            provinces[u.province_code] = AdminUnit(
                code=f"t{u.province_code}",
                name=u.province_name,
                name_folded=fold(u.province_name),
                type="tinh",
                parent=country,
                path=f"VN/t{u.province_code}",
                region=u.region,
            )
    AdminUnit.objects.bulk_create(provinces.values())
    provinces = {p.code[1:]: p for p in AdminUnit.objects.filter(type="tinh")}
    for u in units:
        if u.district_code not in districts:
            kind = "thanh_pho" if u.district_name.startswith("Thành phố") else "huyen"
            districts[u.district_code] = AdminUnit(
                code=f"d{u.district_code}",
                name=u.district_name,
                name_folded=fold(u.district_name),
                type=kind,
                parent=provinces[u.province_code],
                path=f"VN/t{u.province_code}/d{u.district_code}",
                region=u.region,
            )
    AdminUnit.objects.bulk_create(districts.values())
    districts = {d.code[1:]: d for d in AdminUnit.objects.filter(type__in=["huyen", "thanh_pho"])}
    AdminUnit.objects.bulk_create(
        [
            AdminUnit(
                code=u.code,
                name=u.name,
                name_folded=fold(u.name),
                type="xa",
                parent=districts[u.district_code],
                in_programme=True,
                region=u.region,
                path=f"VN/t{u.province_code}/d{u.district_code}/{u.code}",
            )
            for u in units
        ],
        batch_size=2000,
    )
    return len(units)


def _numbers(
    measure: Measure, met: np.ndarray, threshold: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Values around each unit's threshold: at or beyond it when met, short of
    it when not; anywhere plausible where the threshold is unknown."""
    n = met.shape[0]
    top = 100.0 if measure.value_type is ValueType.PERCENT else 60.0
    if str(measure.comparison) == "<=":
        factor = np.where(met, rng.uniform(0.5, 1.0, n), rng.uniform(1.05, 1.6, n))
    else:
        factor = np.where(met, rng.uniform(1.0, 1.1, n), rng.uniform(0.6, 0.97, n))
    return np.where(np.isnan(threshold), rng.uniform(top * 0.4, top, n), threshold * factor)


def _texts(measure: Measure, met: np.ndarray, numbers: np.ndarray, cache: dict) -> tuple:
    """Raw texts (Vietnamese form) and parsed JSON for a column of values;
    each distinct value is formatted and parsed once (a dataset repeats the
    same few thousand values millions of times)."""
    vtype = measure.value_type
    if vtype is ValueType.BOOLEAN:
        keys: np.ndarray = met
    elif vtype is ValueType.ENUM:
        keys = np.where(met | (len(measure.options) == 1), 0, len(measure.options) - 1)
    elif vtype is ValueType.PERCENT:
        keys = np.round(np.minimum(numbers, 100.0), 2)
    elif vtype is ValueType.COUNT:
        keys = np.where(met, np.round(numbers), np.floor(numbers)).astype(np.int64)
    else:
        keys = np.round(numbers, 1)
    uniques, inverse = np.unique(keys, return_inverse=True)
    raws, parsed = [], []
    for key in uniques.tolist():
        hit = cache.get((measure.code, key))
        if hit is None:
            if vtype is ValueType.BOOLEAN:
                raw = "Đạt" if key else "Không đạt"
            elif vtype is ValueType.ENUM:
                raw = measure.options[key]
            elif vtype is ValueType.COUNT:
                raw = str(key)
            else:
                raw = format_number_vi(key)
            hit = cache[(measure.code, key)] = (raw, json.dumps(parse_value(raw, measure)))
        raws.append(hit[0])
        parsed.append(hit[1])
    return np.array(raws, dtype=object)[inverse], np.array(parsed, dtype=object)[inverse]


def load_reports(seed: int = 2023) -> int:
    """Reports for every programme commune and period, approved, with values
    drawn around the thresholds from a latent development score."""
    from ntm.criteria.models import Indicator
    from ntm.criteria.selectors import criteria_catalog
    from ntm.monitoring.services import period_get_or_create
    from ntm.units.models import AdminUnit

    rng = np.random.default_rng(seed)
    cset = criteria_catalog().get(SET_CODE)
    indicator_ids = dict(
        Indicator.objects.filter(criteria_set__code=SET_CODE).values_list("code", "pk")
    )
    periods = [period_get_or_create(code) for code in PERIODS]
    communes = list(
        AdminUnit.objects.filter(type="xa", in_programme=True)
        .order_by("pk")
        .values_list("pk", "region")
    )
    n_units = len(communes)
    regions = sorted({region for _, region in communes})
    region_of = np.array([regions.index(region) for _, region in communes])
    measures = [m for m in cset.indicators if m.counted] + list(cset.conditions)
    thresholds = {}  # (region, year) → per measure, NaN when not a number
    for region in regions:
        for year in YEARS:
            row = []
            for m in measures:
                resolved = cset.threshold(m.code, region, year)
                value = resolved.value if resolved is not None else None
                numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
                row.append(float(value) if numeric else np.nan)  # type: ignore[arg-type]
            thresholds[(region, year)] = row
    development = rng.uniform(0.0, 1.0, n_units)
    difficulty = rng.uniform(-0.3, 0.5, len(measures))
    now = timezone.now()
    cache: dict = {}
    report_rows, event_rows, value_rows, change_rows = [], [], [], []
    report_id = value_id = 0
    steps = (("draft", "submitted"), ("submitted", "appraised"), ("appraised", "approved"))
    for period in periods:
        first = report_id + 1
        for unit_id, _region in communes:
            report_id += 1
            report_rows.append((report_id, "approved", "{}", now, period.pk, unit_id))
            event_rows += [(a, b, "Dữ liệu thử hiệu năng", now, None, report_id) for a, b in steps]
        progress = development + 0.08 * (period.year - YEARS[0])
        chance = 1 / (1 + np.exp(-6 * (progress[:, None] - difficulty[None, :])))
        met = rng.random((n_units, len(measures))) < chance
        entered = rng.random((n_units, len(measures))) >= 0.02
        numbers = np.empty((n_units, len(measures)))
        for j, m in enumerate(measures):
            column = np.array([thresholds[(r, period.year)][j] for r in regions])[region_of]
            numbers[:, j] = _numbers(m, met[:, j], column, rng)
        columns = [_texts(m, met[:, j], numbers[:, j], cache) for j, m in enumerate(measures)]
        rids = np.arange(first, first + n_units)
        for j, m in enumerate(measures):
            keep = entered[:, j]
            raws, parsed = columns[j][0][keep], columns[j][1][keep]
            ids = np.arange(value_id + 1, value_id + 1 + len(raws))
            value_id += len(raws)
            indicator = indicator_ids[m.code]
            value_rows += zip(
                ids.tolist(),
                raws,
                parsed,
                repeat(""),
                repeat(1),
                repeat(now),
                repeat(indicator),
                repeat(None),
                rids[keep].tolist(),
            )
            change_rows += zip(
                repeat(1),
                repeat(""),
                raws,
                repeat(""),
                repeat(""),
                repeat("Dữ liệu thử hiệu năng"),
                repeat(now),
                repeat(None),
                ids.tolist(),
            )
    bulk_insert(
        "monitoring_report",
        ["id", "status", "facts", "status_changed_at", "period_id", "unit_id"],
        report_rows,
    )
    bulk_insert(
        "monitoring_reportevent",
        ["from_status", "to_status", "reason", "at", "actor_id", "report_id"],
        event_rows,
    )
    bulk_insert(
        "monitoring_indicatorvalue",
        [
            "id",
            "raw_text",
            "value",
            "note",
            "version",
            "updated_at",
            "indicator_id",
            "updated_by_id",
            "report_id",
        ],
        value_rows,
    )
    bulk_insert(
        "monitoring_valuechange",
        [
            "version",
            "old_raw",
            "new_raw",
            "old_note",
            "new_note",
            "reason",
            "changed_at",
            "changed_by_id",
            "value_id",
        ],
        change_rows,
    )
    for table in ("monitoring_report", "monitoring_indicatorvalue"):
        _reset_sequence(table)
    return len(report_rows)


def build(scale: str, *, seed: int = 2023) -> dict[str, float]:
    """Load a whole dataset into the configured (empty, migrated) database;
    returns the seconds each step took."""
    from django.core.management import call_command

    from ntm.criteria.services import criteria_load
    from ntm.monitoring.evaluations import evaluations_recompute

    timings: dict[str, float] = {}

    def step(name: str, fn: object) -> object:
        started = time.perf_counter()
        with transaction.atomic():
            result = fn()  # type: ignore[operator]
        timings[name] = time.perf_counter() - started
        print(f"  {name}: {timings[name]:.1f} s", flush=True)
        return result

    if scale == "national":
        step("units", load_national_units)
    else:
        step("units", lambda: call_command("units", "import", verbosity=0))
    step("criteria", criteria_load)
    step("reports and values", lambda: load_reports(seed))
    started = time.perf_counter()
    evaluations_recompute()
    timings["evaluations"] = time.perf_counter() - started
    print(f"  evaluations: {timings['evaluations']:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _ = dt
    return timings
