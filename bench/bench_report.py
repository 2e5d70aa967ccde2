"""The annual report (DESIGN.md §5: ≤ 3 s): the coordination office's progress
report for 2023 on Lạng Sơn's 181 communes, as a .docx with its three charts
and its annexes (by district, by criterion and district, one row per
commune), against every target of the 2023 plan.

The suite sets up its own database (bench/out/bench_report.sqlite3): the real
units, the criteria sets, the demo accounts, the demo monitoring data of
ntm.demo (181 communes, 2022 and the four quarters of 2023) and
the 2023 plan from ntm/data/plans/. The timed work is what the background
task does before saving the file: read the figures (dashboards of the year
and of its baseline, plan versus actual), draw the charts, render the
template. Reported beside it, without budget: its parts, its SQL queries, the
regenerated plan document, and one LibreOffice conversion to PDF."""

from __future__ import annotations

import time
from pathlib import Path

from bench.databases import postgres_available, use_database
from bench.harness import Figure, Results, median_seconds

PLAN_FILE = Path(__file__).resolve().parents[1] / "ntm" / "data" / "plans" / "lang-son-2023.yaml"


def run(results: Results, kind: str = "sqlite") -> None:
    if kind == "postgresql" and not postgres_available():
        print("  PostgreSQL not available: skipped", flush=True)
        return
    database = use_database(kind, "bench_report")
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.demo.loader import demo_monitoring_load
    from ntm.planning.services import plan_import
    from ntm.reports.builders import BuildRequest, build_parts
    from ntm.reports.render import docx_to_pdf, render_docx, soffice_binary
    from ntm.units.models import AdminUnit
    from tests.reports.helpers import all_text, open_docx, table_with_header

    started = time.perf_counter()
    call_command("units", "import", verbosity=0)
    criteria_load()
    demo_users_ensure()
    demo_monitoring_load()
    plan_import(path=PLAN_FILE)
    print(
        f"  loaded units, criteria, demo data, 2023 plan in {time.perf_counter() - started:.1f} s"
    )

    province = AdminUnit.objects.get(type="tinh")
    request = BuildRequest(kind="tien-do", unit=province, period_code="2023")

    def annual() -> bytes:
        return render_docx(build_parts(request))

    docx = annual()
    doc = open_docx(docx)
    communes = table_with_header(
        doc, "STT", "Xã", "Huyện, thành phố", "Số tiêu chí đạt cuối năm 2022"
    )
    assert len(communes.rows) == 1 + 181, len(communes.rows)
    assert "163/181" in all_text(doc)  # the plan's target for criterion 1
    assert len(doc.inline_shapes) == 3

    total = median_seconds(annual, runs=5, warmup=1)
    parts = build_parts(request)
    figures_time = median_seconds(lambda: build_parts(request), runs=5, warmup=1)
    render_time = median_seconds(lambda: render_docx(parts), runs=5, warmup=1)
    with CaptureQueriesContext(connection) as queries:
        build_parts(request)
    note = (
        f"{len(docx) // 1024} KB; 3 charts, annexes: 11 districts, 181 communes; "
        f"{len(queries.captured_queries)} SQL queries"
    )
    results.add(
        Figure(
            "annual report .docx: 181 communes, annexes, charts, plan vs actual",
            total,
            budget=3.0,
            note=note,
            database=database,
        )
    )
    results.add(
        Figure(
            "  of which figures, plan vs actual and charts (PNG)",
            figures_time,
            note="dashboards of 2023 and 2022, plan_progress, matplotlib",
            database=database,
        )
    )
    results.add(
        Figure(
            "  of which the Word file (docxtpl + column grids)",
            render_time,
            note="template bao-cao-tien-do.docx",
            database=database,
        )
    )
    plan_request = BuildRequest(kind="ke-hoach", unit=province, params={"plan": "KH-NTM-LS-2023"})
    results.add(
        Figure(
            "yearly plan document .docx regenerated from the plan",
            median_seconds(lambda: render_docx(build_parts(plan_request)), runs=5, warmup=1),
            note="sections I-IV, annex tables",
            database=database,
        )
    )
    if kind == "sqlite" and soffice_binary() is not None:  # LibreOffice alone: measured once
        started = time.perf_counter()
        pdf = docx_to_pdf(docx)
        results.add(
            Figure(
                "annual report .docx → PDF (LibreOffice, fresh profile)",
                time.perf_counter() - started,
                note=f"one run; {len(pdf) // 1024} KB",
                database=database,
            )
        )
