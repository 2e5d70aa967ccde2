"""The world of the worker-kill test, built and read in processes of their
own against a database file (or a PostgreSQL database) that a real worker
process shares: ``python -m tests.jobs.worker_world setup|state|retry``.

``setup`` loads the units, criteria and demo accounts, uploads a province
workbook with thousands of values and queues its commit in the background
(the task row waits for a worker); ``state`` prints what the test asserts
on, as JSON; ``retry`` queues the commit of the released batch again."""

from __future__ import annotations

import json
import sys
from typing import Any

import django

SET_CODE = "xa-ntm-2021-2025"
SAMPLE = {"boolean": "Đạt", "percent": "80"}


def setup() -> dict[str, Any]:
    from django.core.management import call_command

    from ntm.criteria.models import Indicator
    from ntm.criteria.services import criteria_load
    from ntm.demo.accounts import demo_users_ensure
    from ntm.exchange import services
    from ntm.units.management.commands.units import DEFAULT_CSV
    from ntm.units.models import AdminUnit
    from ntm.units.services import units_import
    from tests.exchange.conftest import fill, make_template, officer_for

    call_command("migrate", verbosity=0)
    units_import(path=DEFAULT_CSV)
    criteria_load()
    demo_users_ensure()
    province = AdminUnit.objects.get(type="tinh")
    communes = list(AdminUnit.objects.filter(type="xa", in_programme=True))
    codes = [
        (i.code, SAMPLE[i.value_type])
        for i in Indicator.objects.filter(criteria_set__code=SET_CODE, value_type__in=SAMPLE)
    ]
    cells = {(c.code, code): raw for c in communes for code, raw in codes}
    clerk = officer_for(province)
    batch = services.import_upload(
        user=clerk, data=fill(make_template(province), cells), filename="tinh.xlsx"
    )
    if batch.n_errors or batch.n_conflicts:
        raise SystemExit(f"unexpected errors in the workbook: {batch.preview['errors'][:3]}")
    services.import_commit(user=clerk, batch=batch, background=True)
    return state()


def state() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from ntm.exchange.models import ImportBatch
    from ntm.monitoring.models import IndicatorValue

    batch = ImportBatch.objects.select_related("job").get()
    job = batch.job
    tasks = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", flat=True))
    return {
        "batch": batch.pk,
        "batch_status": batch.status,
        "batch_message": batch.message,
        "n_changes": batch.n_changes,
        "job": job.pk if job else None,
        "job_status": job.status if job else None,
        "job_message": job.message if job else "",
        "tasks": tasks,
        "values": IndicatorValue.objects.count(),
    }


def retry() -> dict[str, Any]:
    from ntm.exchange import services
    from ntm.exchange.models import ImportBatch

    batch = ImportBatch.objects.select_related("uploaded_by").get()
    services.import_commit(user=batch.uploaded_by, batch=batch, background=True)
    return state()


if __name__ == "__main__":
    django.setup()
    action = {"setup": setup, "state": state, "retry": retry}[sys.argv[1]]
    print(json.dumps(action(), ensure_ascii=False))
