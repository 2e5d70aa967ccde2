"""The fingerprint the dashboard pages cache their rendering under."""

from __future__ import annotations

from ntm.monitoring.models import (
    Evaluation,
    Evidence,
    Recognition,
    Report,
)
from ntm.units.models import AdminUnit


def figures_version() -> str:
    """A fingerprint of everything the dashboards and scorecards show: it
    changes whenever an evaluation is recomputed, a report changes status, a
    recognition or an evidence file is added or edited, or a unit flag is
    changed. One indexed query; pages cache their rendering under it, so they
    are never stale and rarely rebuilt."""
    from django.db import connection

    from ntm.units.models import UnitFlagChange

    tables = {
        "evaluation": Evaluation._meta.db_table,
        "report": Report._meta.db_table,
        "recognition": Recognition._meta.db_table,
        "evidence": Evidence._meta.db_table,
        "flags": UnitFlagChange._meta.db_table,
    }
    sql = (
        f'SELECT (SELECT MAX(computed_at) FROM "{tables["evaluation"]}"), '
        f'(SELECT MAX(status_changed_at) FROM "{tables["report"]}"), '
        f'(SELECT MAX(updated_at) FROM "{tables["recognition"]}"), '
        f'(SELECT COUNT(*) FROM "{tables["recognition"]}"), '
        f'(SELECT MAX(id) FROM "{tables["evidence"]}"), '
        f'(SELECT MAX(id) FROM "{tables["flags"]}"), '
        # flags set outside the app (an import with --overwrite-flags)
        f'(SELECT COUNT(*) FROM "{AdminUnit._meta.db_table}" WHERE border)'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return repr(cursor.fetchone())
