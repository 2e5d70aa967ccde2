"""Dashboard server time and SQL queries (DESIGN.md §5): the province
dashboard (181 communes, 5 years and 4 quarters) on SQLite and PostgreSQL,
≤ 50 ms and ≤ 15 queries; the national dashboard (10,040 communes) on
PostgreSQL, ≤ 300 ms (SQLite reported). Floor: the raw SQL aggregate the
page needs (communes meeting each criterion, and the average, for the
period), run on the same database. Each page is timed twice: rebuilt (the
cache emptied first, as after any data change) and served from the cached
body (data unchanged)."""

from __future__ import annotations

from bench.databases import postgres_available, use_database
from bench.harness import Figure, Results, median_seconds

PERIOD = "2025-Q4"
BUDGETS = {  # (database, scale) → seconds; None: reported only
    ("sqlite", "province"): 0.050,
    ("postgresql", "province"): 0.050,
    ("postgresql", "national"): 0.300,
    ("sqlite", "national"): None,
}


def _floor_sql(scope_path: str, period_id: int, set_id: int) -> tuple[str, list[object]]:
    sql = (
        "SELECT ec.code, SUM(CASE WHEN ec.met THEN 1 ELSE 0 END), COUNT(*) "
        "FROM monitoring_evaluationcriterion ec "
        "JOIN monitoring_evaluation e ON e.id = ec.evaluation_id "
        "JOIN monitoring_report r ON r.id = e.report_id "
        "JOIN units_adminunit u ON u.id = r.unit_id "
        "WHERE r.period_id = %s AND r.status = 'approved' AND e.criteria_set_id = %s "
        "AND u.path LIKE %s GROUP BY ec.code"
    )
    return sql, [period_id, set_id, scope_path + "/%"]


def run(results: Results, kind: str = "sqlite", scale: str = "province") -> None:
    if kind == "postgresql" and not postgres_available():
        print("  PostgreSQL not available: skipped", flush=True)
        return
    database = use_database(kind, f"dash_{scale}")
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.dataset import SET_CODE, build
    from ntm.accounts.models import Role, RoleAssignment, User
    from ntm.criteria.models import CriteriaSet
    from ntm.monitoring.models import Period
    from ntm.units.models import AdminUnit

    timings = build(scale)
    root = AdminUnit.objects.get(parent=None)
    communes = AdminUnit.objects.filter(type="xa", in_programme=True).count()
    label = f"{scale} ({communes:,} communes × 9 periods)"
    results.add(
        Figure(
            f"build {label}: values, history, evaluations",
            sum(timings.values()),
            database=database,
            note=", ".join(f"{k} {v:.1f} s" for k, v in timings.items()),
        )
    )

    leader = User.objects.create_user("bench-leader", password="x", full_name="Lãnh đạo")
    RoleAssignment.objects.create(user=leader, role=Role.LEADER, unit=root)
    client = Client()
    client.force_login(leader)
    url = reverse("monitoring:dashboard") + f"?ky={PERIOD}"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def page_rebuilt() -> None:
        """As right after a data change: the cached body is gone."""
        cache.clear()
        page()

    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    page()  # warm
    with connection.execute_wrapper(count):
        page_rebuilt()
    period = Period.objects.get(code=PERIOD)
    set_id = CriteriaSet.objects.get(code=SET_CODE).pk
    sql, params = _floor_sql(root.path, period.pk, set_id)

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert len(cursor.fetchall()) == 19

    runs = 15 if scale == "province" else 7
    rebuilt = median_seconds(page_rebuilt, runs=runs, warmup=2)
    server = median_seconds(page, runs=runs, warmup=2)
    base = median_seconds(floor, runs=runs, warmup=2)
    for what, seconds in (("rebuilt after a data change", rebuilt), ("unchanged data", server)):
        results.add(
            Figure(
                f"{scale} dashboard, server time, {what} ({communes:,} communes)",
                seconds,
                budget=BUDGETS[(kind, scale)],
                floor=base,
                database=database,
                note=f"{len(queries)} SQL queries when rebuilt; Django test client, whole request",
            )
        )
    if scale == "province":
        results.add(
            Figure(
                "province dashboard, SQL queries",
                float(len(queries)),
                budget=15.0,
                unit="count",
                database=database,
            )
        )
