"""The fingerprint the dashboard pages cache their rendering under."""

from __future__ import annotations

from ntm.monitoring.models import (
    Evaluation,
    Evidence,
    Recognition,
    Report,
    ReportStatus,
)
from ntm.units.models import AdminUnit


def figures_version(drafts_of: AdminUnit | None = None) -> str:
    """A fingerprint of everything the dashboards and scorecards show: it
    changes whenever an approved report's evaluation is recomputed, a report
    changes status, a recognition or an evidence file is added or edited, or
    a unit flag is changed. Pages cache their rendering under it, so they are
    never stale and rarely rebuilt.

    Dashboards show approved figures only, so saving a value in a draft (which
    recomputes that draft's evaluation) leaves the fingerprint alone: under a
    mixed load most writes are such saves, and a fingerprint that moved with
    each of them made every page rebuild (bench/bench_mixed.py). Evaluations
    are replaced, never edited in place (``evaluations._store``), so the
    newest ``computed_at`` among approved reports moves with any change to
    them; a report approved or reopened moves ``status_changed_at``. A page
    showing the drafts of one commune (``drafts_of``) also follows every
    evaluation of that commune. Few indexed queries: the newest approved
    evaluation is found walking the ``computed_at`` index from the end."""
    from django.db import connection

    from ntm.units.models import UnitFlagChange

    evaluation, report = Evaluation._meta.db_table, Report._meta.db_table
    drafts = (
        f'(SELECT MAX(e.computed_at) FROM "{evaluation}" e JOIN "{report}" r '
        "ON r.id = e.report_id WHERE r.unit_id = %s)"
        if drafts_of is not None
        else "NULL"
    )
    sql = (
        f'SELECT (SELECT e.computed_at FROM "{evaluation}" e JOIN "{report}" r '
        "ON r.id = e.report_id WHERE r.status = %s ORDER BY e.computed_at DESC LIMIT 1), "
        f"{drafts}, "
        f'(SELECT MAX(status_changed_at) FROM "{report}"), '
        f'(SELECT MAX(updated_at) FROM "{Recognition._meta.db_table}"), '
        f'(SELECT COUNT(*) FROM "{Recognition._meta.db_table}"), '
        f'(SELECT MAX(id) FROM "{Evidence._meta.db_table}"), '
        f'(SELECT MAX(id) FROM "{UnitFlagChange._meta.db_table}"), '
        # flags set outside the app (an import with --overwrite-flags)
        f'(SELECT COUNT(*) FROM "{AdminUnit._meta.db_table}" WHERE border)'
    )
    params: list[str | int] = [ReportStatus.APPROVED.value]
    if drafts_of is not None:
        params.append(drafts_of.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return repr(cursor.fetchone())
